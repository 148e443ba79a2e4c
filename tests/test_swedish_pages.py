"""Swedish pages carry no English the project put there itself."""

from pathlib import Path

from django.conf import settings

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


def test_the_seed_texts_carry_no_english_word_processor_messages():
    """A conversion artefact such as "Error! Use the Home tab …" is not part of
    the document the demo shows."""
    found = [
        (path.name, line.strip())
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("Error!") or "Home tab" in line
    ]
    assert not found, found
