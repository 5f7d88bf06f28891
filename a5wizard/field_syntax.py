"""Syntax of single account fields: server names, ports, email addresses and
the CA file. Each check returns what is wrong in plain words, or None."""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path

MAX_HOST_LENGTH = 253
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)
_PEM_MARK = b"-----BEGIN CERTIFICATE-----"


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a server field holds, or None when it is a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """True for a server on this machine: localhost or a loopback address."""
    name = host.strip().rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = ip_literal(name)
    return address is not None and address.is_loopback


def host_problem(host: str) -> str | None:
    """What is wrong with a server name or IP address, or None."""
    if host != host.strip():
        return "Remove the spaces at the start or end of the server name."
    if "://" in host:
        return "Enter only the server name, without 'smtp://' or 'https://'."
    if any(c.isspace() for c in host) or "/" in host:
        return "A server name has no spaces or slashes; check what was typed."
    if host.startswith("[") and host.endswith("]"):
        return "Write the IP address without the square brackets."
    if ip_literal(host) is not None:
        return None
    if host.count(":") == 1:
        return "Put the port in the Port field, not after the server name."
    return _name_problem(host)


def _name_problem(host: str) -> str | None:
    name = host[:-1] if host.endswith(".") else host
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        return (
            "This is not a valid server name: use letters, digits, hyphens and "
            "dots, for example smtp.example.com."
        )
    if len(ascii_name) > MAX_HOST_LENGTH:
        return f"A server name has at most {MAX_HOST_LENGTH} characters."
    labels = ascii_name.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        return (
            "This is not a valid server name: each part between dots holds "
            "letters, digits and hyphens (not at its start or end), for example "
            "smtp.example.com."
        )
    if labels[-1].isdigit():
        return "This looks like an IP address but is not a valid one; check it."
    return None


def port_problem(port: object) -> str | None:
    """What is wrong with a port number, or None."""
    if isinstance(port, bool) or not isinstance(port, int):
        return "The port must be a whole number, usually 587 or 465."
    if not 1 <= port <= 65535:
        return "The port must be between 1 and 65535, usually 587 or 465."
    return None


def address_problem(address: str) -> str | None:
    """What is wrong with an email address (syntax only, no network), or None.

    Addresses at `.test` domains and at `localhost` are accepted: test servers
    and the sandbox use them.
    """
    if address != address.strip():
        return "Remove the spaces at the start or end of the address."
    from email_validator import EmailNotValidError, validate_email  # 27 ms: lazy

    local, at, domain = address.rpartition("@")
    checked = (
        f"{local}@localhost.test" if at and domain.lower() == "localhost" else address
    )
    try:
        validate_email(checked, check_deliverability=False, test_environment=True)
    except EmailNotValidError as error:
        return f"{error} Enter a full address such as info@gallery.com."
    return None


def address_list_problem(addresses: str) -> str | None:
    """What is wrong with one address or several separated by commas, or None."""
    for address in addresses.split(","):
        problem = address_problem(address.strip())
        if problem is not None:
            return problem
    return None


def cafile_problem(cafile: str) -> str | None:
    """What stops a CA file from being used, or None when it holds a PEM certificate."""
    if not cafile.strip():
        return "The CA file is empty: give the path of the PEM file, or leave it out."
    path = Path(cafile)
    try:
        if not path.exists():
            return f"There is no file at {cafile}: give the full path of the PEM file."
        if not path.is_file():
            return f"{cafile} is not a file: give the path of the PEM file itself."
        if not os.access(path, os.R_OK):
            return f"{cafile} cannot be read: let this user read it (chmod)."
        with path.open("rb") as handle:
            start = handle.read(1 << 20)
    except OSError as error:
        return f"{cafile} cannot be read ({error.strerror}): check the path."
    if _PEM_MARK not in start:
        return f"{cafile} holds no PEM certificate ('{_PEM_MARK.decode()}')."
    return None
