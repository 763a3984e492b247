"""The readings cache, as the reading stage names it: it lives in `assistant.readingcache` (see there why)."""

from __future__ import annotations

from assistant.readingcache import ReadingCache, count_unread, reading_key, rules_version

__all__ = ["ReadingCache", "count_unread", "reading_key", "rules_version"]
