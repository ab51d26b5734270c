"""Exact-span entity scoring (type and both boundaries must match), as conlleval counts it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.entities.conll import spans_of
from reader.model import ENTITY_LABELS


@dataclass(slots=True)
class Score:
    true_positives: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def add(
        self, gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]]
    ) -> None:
        gold_set = set(gold)
        predicted_set = set(predicted)
        for _, _, label in gold_set:
            self.gold[label] += 1
        for span in predicted_set:
            self.predicted[span[2]] += 1
            if span in gold_set:
                self.true_positives[span[2]] += 1

    def add_tags(self, gold: list[str], predicted: list[str]) -> None:
        self.add(spans_of(gold), spans_of(predicted))

    def figures(self, label: str | None = None) -> tuple[float, float, float, int]:
        """Precision, recall, F1 and gold count for one label (all labels when None)."""
        if label is None:
            tp = sum(self.true_positives.values())
            predicted = sum(self.predicted.values())
            gold = sum(self.gold.values())
        else:
            tp, predicted, gold = (
                self.true_positives[label],
                self.predicted[label],
                self.gold[label],
            )
        precision = tp / predicted if predicted else 0.0
        recall = tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, gold

    def report(self) -> str:
        lines = [f"{'type':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        for label in (*ENTITY_LABELS, None):
            precision, recall, f1, gold = self.figures(label)
            name = label or "overall"
            lines.append(f"{name:<8} {precision:6.4f} {recall:6.4f} {f1:6.4f} {gold:6d}")
        return "\n".join(lines)
