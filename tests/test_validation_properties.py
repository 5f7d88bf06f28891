"""Property tests: arbitrary text and numbers in every field never crash the
validators, and a control character always earns an error on its field."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from a5wizard.model import GlobalAccount, Settings, UserAccount
from a5wizard.providers import PROVIDERS
from a5wizard.secret import Secret
from a5wizard.validation import (
    format_problem,
    validate_account,
    validate_login_name,
    validate_settings,
)

TEXT_FIELDS = (
    "server",
    "username",
    "reply_to",
    "bcc",
    "from_name",
    "street",
    "city",
    "country",
    "provider",
    "auth",
)
CONTROL = st.sampled_from(["\r", "\n", "\x00", "\t", "\x1b", "\x7f", "\x85", "\u2028"])

text = st.text(max_size=80)
hostish = st.one_of(
    text,
    st.from_regex(r"[a-z0-9.\-_:\[\]]{0,40}", fullmatch=True),
    st.ip_addresses().map(str),
)
addressish = st.one_of(text, st.emails(), st.builds("{}@{}".format, text, text))
providers = st.one_of(st.sampled_from(list(PROVIDERS)), text)
ports = st.integers(min_value=-(2**70), max_value=2**70)
PROPERTY = settings(max_examples=150, deadline=None)


@st.composite
def global_accounts(draw: st.DrawFn) -> GlobalAccount:
    """A global account with arbitrary values in every field."""
    return GlobalAccount(
        server=draw(hostish),
        port=draw(ports),
        secure=draw(st.booleans()),
        username=draw(addressish),
        reply_to=draw(addressish),
        bcc=draw(addressish),
        provider=draw(providers),
        tls=draw(st.one_of(st.none(), st.sampled_from(["ssl", "starttls"]), text)),
        cafile=draw(st.one_of(st.none(), text)),
        auth=draw(st.one_of(st.sampled_from(["password", "oauth2"]), text)),
        from_name=draw(text),
        street=draw(text),
        city=draw(text),
        country=draw(text),
    )


@PROPERTY
@given(account=global_accounts(), password=st.one_of(st.none(), text))
def test_validate_account_never_raises(
    account: GlobalAccount, password: str | None
) -> None:
    problems = validate_account(account, password=password)
    for problem in problems:
        assert problem.severity in ("error", "warning")
        assert problem.message
        line = format_problem(problem)
        assert "\n" not in line and "\r" not in line
        if password and len(password) > 3 and problem.field == "password":
            assert password not in problem.message


@PROPERTY
@given(
    account=global_accounts(),
    name=st.sampled_from(TEXT_FIELDS),
    before=text,
    control=CONTROL,
    after=text,
)
def test_control_character_is_an_error_on_its_field(
    account: GlobalAccount, name: str, before: str, control: str, after: str
) -> None:
    setattr(account, name, before + control + after)
    problems = validate_account(account)
    assert any(p.field == name and p.severity == "error" for p in problems)


@PROPERTY
@given(password=text, control=CONTROL, provider=providers)
def test_control_character_in_password_is_an_error(
    password: str, control: str, provider: str
) -> None:
    account = UserAccount(provider=provider)
    problems = validate_account(account, password=password + control)
    assert any(p.field == "password" and p.severity == "error" for p in problems)


@settings(max_examples=200, deadline=None)
@given(name=text, existing=st.lists(text, max_size=5))
def test_validate_login_name_never_raises(name: str, existing: list[str]) -> None:
    problems = validate_login_name(name, existing)
    assert all(p.field == "login" for p in problems)
    if name.lower() in {e.lower() for e in existing} and name.strip():
        assert problems


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    global_account=st.one_of(st.none(), global_accounts()),
    users=st.dictionaries(text, global_accounts(), max_size=3),
    passwords=st.dictionaries(text, text.map(Secret), max_size=3),
)
def test_validate_settings_never_raises(
    global_account: GlobalAccount | None,
    users: dict[str, GlobalAccount],
    passwords: dict[str, Secret],
) -> None:
    user_accounts = {
        name: UserAccount(
            server=a.server,
            port=a.port,
            secure=a.secure,
            username=a.username,
            reply_to=a.reply_to,
            bcc=a.bcc,
            provider=a.provider,
            tls=a.tls,
            cafile=a.cafile,
            auth=a.auth,
        )
        for name, a in users.items()
    }
    problems = validate_settings(
        Settings(global_account=global_account, users=user_accounts), passwords
    )
    prefixes = {"global"} | {f"users.{name}" for name in users}
    assert all(
        any(p.field == pre or p.field.startswith(pre + ".") for pre in prefixes)
        for p in problems
    )
