"""The wizard's draft account (core, no Textual): scope, provider prefill,
Office 365's reply-to rule, revisit targets and the form's order."""

from __future__ import annotations

from a5wizard.draft import USER_FORM, Draft, Revisit, journey, parse_revisit
from a5wizard.model import GlobalAccount, Settings, UserAccount
from a5wizard.secret import Secret


def test_journey_has_a_user_step_only_for_one_user():
    assert journey("global") == (
        "scope",
        "provider",
        "checklist",
        "account",
        "review",
        "test",
        "saved",
    )
    assert journey("individual")[1] == "user" and len(journey("individual")) == 8


def test_office365_keeps_reply_to_equal_to_username():
    draft = Draft()
    draft.choose_scope("global")
    draft.choose_provider("office365")
    assert draft.account.server == "smtp.office365.com"
    draft.set_text("username", "office@galerie.example")
    assert draft.account.reply_to == "office@galerie.example"
    draft.choose_provider("gmail")
    draft.set_text("username", "gallery@gmail.com")
    assert draft.account.reply_to == "office@galerie.example"


def test_scope_change_converts_the_account_and_forgets_the_stored_password():
    settings = Settings(global_account=GlobalAccount(server="mail.example", port=465))
    draft = Draft.for_existing(settings, "global")
    assert draft.has_stored_password and not draft.changed
    draft.choose_scope("individual")
    assert isinstance(draft.account, UserAccount) and draft.account.port == 465
    assert not draft.existing and not draft.has_stored_password


def test_bad_port_is_an_error_and_its_text_is_kept():
    draft = Draft()
    draft.choose_scope("global")
    draft.choose_provider("gmail")
    draft.set_text("port", "58x")
    assert draft.text_of("port") == "58x" and draft.account.port == 587
    assert any(p.field == "port" and p.severity == "error" for p in draft.problems())


def test_gmail_password_spaces_are_removed_for_the_check():
    draft = Draft()
    draft.choose_scope("global")
    draft.choose_provider("gmail")
    draft.set_text("password", "abcd efgh ijkl mnop")
    assert draft.password_for_check() == Secret("abcdefghijklmnop")
    assert not any(p.field == "password" for p in draft.problems())


def test_revisit_values_map_to_steps():
    assert parse_revisit("field:password") == Revisit("account", "password")
    assert parse_revisit("checklist:gmail-2sv") == Revisit("checklist", "gmail-2sv")
    assert parse_revisit("provider") == Revisit("provider")
    assert parse_revisit(None) is None and parse_revisit("nonsense") is None


def test_form_rows_follow_artsystem5_and_hide_the_password():
    draft = Draft(scope="individual", login="anna", account=UserAccount())
    draft.set_text("password", "Canary-1")
    rows = draft.form_rows()
    assert [label for label, _ in rows][:2] == ["Server", "Port"]
    assert len(rows) == len(USER_FORM)
    assert ("Password", "(the password you entered)") in rows
    assert all("Canary-1" not in value for _, value in rows)
    assert "User Details" in draft.form_name()
