"""S40: addresses are NFKC-normalised with IDNA domains, so look-alike spellings (full-width
letters, capitals, Unicode domains) reach the one account and can never open a second one."""
import pytest
from conftest import PASSWORD, body_of, post_form, read_outbox

from directory.core.extensions import db
from directory.models import User

FULL_WIDTH = "ｔ3@ｍｅｍｂｅｒ.example"  # U+FF54 … : looks like t3@member.example


def sign_up(client, email):
    return post_form(client, "/account/signup", {"email": email, "password": PASSWORD, "password_again": PASSWORD})


def emails(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(db.select(User.email)))


@pytest.mark.parametrize("spelling", ["ｔ3@member.example", FULL_WIDTH, "T3@Member.Example", " t3@MEMBER.example "])
def test_a_look_alike_spelling_cannot_open_a_second_account(app, client, make_user, spelling):
    make_user(email="t3@member.example")
    response = sign_up(client, spelling)
    assert response.status_code == 302 and response.location.endswith("/account/check-email")
    assert emails(app) == ["t3@member.example"]
    [message] = read_outbox(app)  # the real owner hears someone tried: same mailbox, same account
    assert message["To"] == "t3@member.example" and "already has an account" in body_of(message)


def test_a_full_width_sign_up_is_stored_in_plain_letters_and_logs_in_either_way(app, client):
    assert sign_up(client, FULL_WIDTH).status_code == 302
    assert emails(app) == ["t3@member.example"]
    [message] = read_outbox(app)
    assert message["To"] == "t3@member.example"


@pytest.mark.parametrize("spelling", [FULL_WIDTH, "T3@MEMBER.EXAMPLE"])
def test_login_and_reset_find_the_account_from_any_spelling(app, client, make_user, spelling):
    make_user(email="t3@member.example")
    assert post_form(client, "/account/login", {"email": spelling, "password": PASSWORD}).status_code == 302
    other = app.test_client()
    assert post_form(other, "/account/forgot", {"email": spelling}).status_code == 302
    [message] = read_outbox(app)
    assert message["To"] == "t3@member.example" and "/account/reset/" in body_of(message)


def test_unicode_domains_are_stored_idna_encoded(app, client):
    assert sign_up(client, "x@bücher.example").status_code == 302
    assert sign_up(app.test_client(), "X@BÜCHER.example").status_code == 302
    assert emails(app) == ["x@xn--bcher-kva.example"]


@pytest.mark.parametrize("spelling", ["аdmin@member.example", "ädmin@member.example"])  # Cyrillic а; a-umlaut
def test_non_latin_local_parts_are_refused_with_a_message(app, client, spelling):
    response = sign_up(client, spelling)
    assert response.status_code == 200
    assert "part before @ in Latin letters" in response.get_data(as_text=True)
    assert emails(app) == [] and read_outbox(app) == []


def test_users_create_refuses_a_look_alike_of_an_existing_account(app, runner, make_user):
    make_user(email="t3@member.example")
    result = runner.invoke(args=["users", "create", FULL_WIDTH, "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code != 0 and "already exists" in result.output
    assert emails(app) == ["t3@member.example"]
