//! Recurring windows in a time zone: RFC 5545 RRULE, one-off dates and exception dates. (Being written.)
