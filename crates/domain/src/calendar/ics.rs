//! iCalendar (RFC 5545) export and import. (Being written.)
