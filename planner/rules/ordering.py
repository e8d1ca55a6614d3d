"""Findings kept in check order while parts of them are replaced (incremental checks).

A plan can hold a great many findings; re-sorting them all after each edit would cost
more than the edit's whole recheck. They are kept in buckets by (severity, start), each
bucket sorted by the full sort key: replacing a finding touches one small bucket, and the
ordered list is put back together by concatenating the buckets in order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from itertools import pairwise

from planner.rules.findings import Finding

Key = tuple[int, str, str, str, str, str, str, str, str]
Bucket = tuple[list[Key], list[Finding]]


class SortedFindings:
    def __init__(self, findings: Iterable[Finding]) -> None:
        self._buckets: dict[tuple[int, str], Bucket] = {}
        for finding in findings:
            self._add(finding)
        for keys, items in self._buckets.values():
            if any(a > b for a, b in pairwise(keys)):
                pairs = sorted(zip(keys, items, strict=True), key=lambda pair: pair[0])
                keys[:] = [k for k, _ in pairs]
                items[:] = [f for _, f in pairs]
        self._order = sorted(self._buckets)
        self._list = self._join()

    @property
    def findings(self) -> list[Finding]:
        return self._list

    def replace(self, old: Iterable[Finding], new: Iterable[Finding]) -> None:
        """Take out the findings ``old`` (these very objects) and put in ``new``."""
        for finding in old:
            key: Key = finding.sort_key()
            head = key[:2]
            keys, items = self._buckets[head]
            i = bisect_left(keys, key)
            while items[i] is not finding:  # equal keys: find this very one
                i += 1
            del keys[i]
            del items[i]
            if not keys:
                del self._buckets[head]
                del self._order[bisect_left(self._order, head)]
        for finding in new:
            key = finding.sort_key()
            head = key[:2]
            bucket = self._buckets.get(head)
            if bucket is None:
                self._buckets[head] = ([key], [finding])
                insort(self._order, head)
                continue
            keys, items = bucket
            i = bisect_right(keys, key)
            keys.insert(i, key)
            items.insert(i, finding)
        self._list = self._join()

    def _add(self, finding: Finding) -> None:
        key: Key = finding.sort_key()
        bucket = self._buckets.get(key[:2])
        if bucket is None:
            self._buckets[key[:2]] = ([key], [finding])
        else:
            bucket[0].append(key)
            bucket[1].append(finding)

    def _join(self) -> list[Finding]:
        joined: list[Finding] = []
        extend = joined.extend
        buckets = self._buckets
        for head in self._order:
            extend(buckets[head][1])
        return joined
