"""Pipeline loading (with its rule-only fallback), the cue lexicon, and the model-layer contract."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import MODEL_LAYER, LabelScheme, Origin
from annotator.nlp import (
    CueLexicon,
    LoadedPipeline,
    QuoteFinder,
    annotations_from_doc,
    load_pipeline,
    preannotate_texts,
)
from annotator.nlp.pipeline import RULE_ONLY_NAME, rule_only_pipeline


def test_an_unknown_configured_pipeline_falls_back_with_a_warning() -> None:
    loaded = load_pipeline("no_such_pipeline_xyz")
    assert loaded.warning is not None and "no_such_pipeline_xyz" in loaded.warning
    assert loaded.has_entities
    assert "lemmatizer" not in loaded.nlp.pipe_names
    assert "parser" in loaded.nlp.pipe_names


def test_rule_only_mode_still_finds_direct_quotes(scheme: LabelScheme) -> None:
    loaded = LoadedPipeline(rule_only_pipeline(), RULE_ONLY_NAME, "0", has_entities=False, warning="entities are off")
    text = 'Mayor Lee spoke.\n\n"We will rebuild the bridge," Mayor Lee said. "It will take a year."'
    (ann,) = preannotate_texts(loaded, [("a1", text)], scheme)
    quotes = [text[s.start : s.end] for s in ann.spans_labelled("QUOTE")]
    assert quotes == ["We will rebuild the bridge,", "It will take a year."]
    assert not [s for s in ann.spans if s.label in scheme.entity_labels]
    cue = ann.linked(ann.spans_labelled("QUOTE")[0].id, "CUE")
    assert cue is not None and text[cue.start : cue.end] == "said"


def test_extra_cue_file_extends_the_lexicon(loaded: LoadedPipeline, tmp_path: Path) -> None:
    extra = tmp_path / "cues.txt"
    extra.write_text("# house words\nharrumph\n", encoding="utf-8")
    text = "The senator harrumphed that the committee had wasted a whole year on the inquiry."
    assert QuoteFinder().find(loaded.nlp(text)) == []
    found = QuoteFinder(CueLexicon.load([extra])).find(loaded.nlp(text))
    assert [q.cue.text for q in found if q.cue] == ["harrumphed"]


def test_model_layer_contract(loaded: LoadedPipeline, scheme: LabelScheme) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov spoke on Thursday.\n\n"
        '"I know nothing about it," Mr. Peskov told reporters. "Nothing at all."\n\n'
        '"It is a must," a spokeswoman added.'
    )
    doc = loaded.nlp(text)
    ann = annotations_from_doc(doc, "art-1", scheme, loaded.name, loaded.version)
    ann.validate(len(text), scheme)
    assert ann.annotator == MODEL_LAYER and ann.article_id == "art-1"
    assert all(s.origin is Origin.MODEL for s in ann.spans)
    assert all(s.attrs["model"] == loaded.name and s.attrs["model_version"] == loaded.version for s in ann.spans)
    quotes = ann.spans_labelled("QUOTE")
    assert [text[q.start : q.end] for q in quotes] == ["I know nothing about it,", "Nothing at all.", "It is a must,"]
    assert all(q.attrs["kind"] == "direct" for q in quotes)
    first, second, third = quotes
    speaker = ann.linked(first.id, "SPEAKER")
    assert speaker is not None and speaker.label == "PERSON" and text[speaker.start : speaker.end] == "Peskov"
    assert ann.linked(second.id, "SPEAKER") == speaker
    assert first.attrs["speaker_name"] == second.attrs["speaker_name"] == "Dmitry Peskov"
    cue = ann.linked(first.id, "CUE")
    assert cue is not None and cue.label == "CUE" and text[cue.start : cue.end] == "told"
    other = ann.linked(third.id, "SPEAKER")
    assert other is not None and other.label == "SPEAKER" and text[other.start : other.end] == "a spokeswoman"
    again = annotations_from_doc(loaded.nlp(text), "art-1", scheme, loaded.name, loaded.version)
    assert again == ann


def test_labels_outside_the_scheme_are_dropped(loaded: LoadedPipeline, scheme: LabelScheme) -> None:
    text = "Senator Ann Hale said on Monday that the state would spend $5 million on roads."
    ann = annotations_from_doc(loaded.nlp(text), "a", scheme, "m", "1")
    labels = {s.label for s in ann.spans}
    assert "DATE" not in labels and "MONEY" not in labels
    assert "PERSON" in labels and "QUOTE" in labels


def test_preannotate_texts_keeps_the_order(loaded: LoadedPipeline, scheme: LabelScheme) -> None:
    items = [(f"id{i}", f'"Point number {i} stands," Governor Bell said.') for i in range(7)]
    result = list(preannotate_texts(loaded, items, scheme, batch_size=2))
    assert [a.article_id for a in result] == [i for i, _ in items]
    assert all(len(a.spans_labelled("QUOTE")) == 1 for a in result)
