"""Writes only where they belong: nothing under output/ or intake/<client>.overrides/ goes through a link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.delivery.deliveries import client_lock, latest_delivery, staging
from pipeline.delivery.overrides import load_overrides, save_override
from pipeline.errors import InputError
from pipeline.safefs import UnsafePath, read_inside, write_inside

TODAY = date(2026, 1, 5)


@pytest.fixture
def client(tmp_path: Path) -> Path:
    (tmp_path / "intake").mkdir()
    intake = tmp_path / "intake" / "acme.yaml"
    intake.write_text("client: acme\n", encoding="utf-8")
    return intake


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    target.write_text("do not touch\n", encoding="utf-8")
    return target


def test_absorb_does_not_write_through_a_linked_base_file(client: Path, victim: Path) -> None:
    base = client.parent / "acme.overrides" / ".base"
    base.mkdir(parents=True)
    (base / "roles.md").symlink_to(victim)
    with pytest.raises(UnsafePath, match="is a symbolic link"):
        save_override(client, "roles", "client text\n", "template text\n", delivery="d1", today=TODAY)
    assert victim.read_text(encoding="utf-8") == "do not touch\n"


def test_absorb_does_not_write_into_a_linked_override_folder(client: Path, victim: Path) -> None:
    (client.parent / "acme.overrides").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(UnsafePath, match="is a symbolic link"):
        save_override(client, "roles", "client text\n", "template text\n", delivery="d1", today=TODAY)
    assert sorted(p.name for p in victim.parent.iterdir()) == ["precious.txt"]


def test_a_linked_retired_folder_is_refused(client: Path, victim: Path) -> None:
    save_override(client, "roles", "first\n", "template\n", delivery="d1", today=TODAY)
    folder = client.parent / "acme.overrides"
    (folder / ".retired").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(UnsafePath, match=r"\.retired: is a symbolic link"):
        save_override(client, "roles", "second\n", "template\n", delivery="d2", today=TODAY)
    assert sorted(p.name for p in victim.parent.iterdir()) == ["precious.txt"]
    assert "first" in (folder / "roles.md").read_text(encoding="utf-8")  # the client's text is still there


def test_a_base_linked_to_a_system_file_is_not_read(client: Path) -> None:
    save_override(client, "roles", "client text\n", "template text\n", delivery="d1", today=TODAY)
    base = client.parent / "acme.overrides" / ".base" / "roles.md"
    base.unlink()
    base.symlink_to("/etc/passwd")
    with pytest.raises(InputError) as info:
        load_overrides(client)
    message = info.value.format_message()
    assert "roles.md: is a symbolic link" in message and "root:" not in message


def test_an_override_that_is_a_link_is_not_read(client: Path, victim: Path) -> None:
    folder = client.parent / "acme.overrides"
    (folder / ".base").mkdir(parents=True)
    (folder / "roles.md").symlink_to(victim)
    with pytest.raises(InputError, match="roles.md: is a symbolic link"):
        load_overrides(client)


def test_a_linked_client_output_folder_is_refused(tmp_path: Path, victim: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "acme").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(UnsafePath, match="output/acme: is a symbolic link"), client_lock(output, "acme"):
        pass
    with pytest.raises(UnsafePath), staging(output, "acme"):
        pass
    assert sorted(p.name for p in victim.parent.iterdir()) == ["precious.txt"]


def test_a_linked_lock_file_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "acme").mkdir(parents=True)
    target = tmp_path / "created-by-the-link"
    (output / "acme" / ".lock").symlink_to(target)
    with pytest.raises(UnsafePath, match=r"\.lock: is a symbolic link"), client_lock(output, "acme"):
        pass
    assert not target.exists()


def test_latest_pointing_outside_is_refused(tmp_path: Path, victim: Path) -> None:
    output = tmp_path / "output"
    (output / "acme").mkdir(parents=True)
    (output / "acme" / "latest").symlink_to(victim.parent)
    with pytest.raises(UnsafePath, match="not at a delivery"):
        latest_delivery(output, "acme")


def test_the_output_root_itself_may_be_a_link(tmp_path: Path) -> None:
    real = tmp_path / "big-disk"
    real.mkdir()
    (tmp_path / "output").symlink_to(real, target_is_directory=True)
    with client_lock(tmp_path / "output", "acme"), staging(tmp_path / "output", "acme") as stage:
        assert stage.parent == tmp_path / "output" / "acme"
    assert (real / "acme" / ".lock").exists()


def test_write_and_read_inside(tmp_path: Path, victim: Path) -> None:
    write_inside(tmp_path, tmp_path / "a" / "b.txt", "hello")
    assert read_inside(tmp_path, tmp_path / "a" / "b.txt") == b"hello"
    (tmp_path / "link").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(UnsafePath):
        write_inside(tmp_path, tmp_path / "link" / "precious.txt", "overwritten")
    with pytest.raises(UnsafePath):
        read_inside(tmp_path, tmp_path / "link" / "precious.txt")
    with pytest.raises(UnsafePath, match="is outside"):
        write_inside(tmp_path / "a", victim, "overwritten")
    assert victim.read_text(encoding="utf-8") == "do not touch\n"
