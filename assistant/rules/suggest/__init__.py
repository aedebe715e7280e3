"""Coding suggestions (ICD-10-CM from diagnosis words, CPT from documented content).

Pure like every rule: the ICD-10-CM code set is handed in, and nothing here reads a fee.
The validator turns each suggestion into a finding (DX005, DX006, CS008) and also returns
them whole in its report.
"""

from assistant.domain.note import Note
from assistant.domain.suggestion import CodingSuggestion
from assistant.rules.suggest.cpt import cpt_suggestions
from assistant.rules.suggest.icd import icd_suggestions
from assistant.rules.validation.icd import IcdCodeSet


def suggest(note: Note, icd: IcdCodeSet) -> list[CodingSuggestion]:
    return [*icd_suggestions(note, icd), *cpt_suggestions(note)]


__all__ = ["suggest"]
