//! RFC 8288 `Link` headers: the URL of a relation (`next`), as GitHub and
//! GitLab page their lists. Page URLs are followed as sent, never built.

/// The target of `rel` in a `Link` header value.
pub fn find(header: &str, rel: &str) -> Option<String> {
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let target = pieces.next()?.trim();
        let Some(url) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
            continue;
        };
        let matches = pieces.any(|p| {
            let p = p.trim();
            p.strip_prefix("rel=").is_some_and(|v| {
                v.trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case(rel))
            })
        });
        if matches {
            return Some(url.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_next_among_several_relations() {
        let h = r#"<https://api.github.com/repositories/1/actions/runs?page=2>; rel="next", <https://api.github.com/repositories/1/actions/runs?page=9>; rel="last""#;
        assert_eq!(
            find(h, "next").as_deref(),
            Some("https://api.github.com/repositories/1/actions/runs?page=2")
        );
        assert_eq!(
            find(h, "last").as_deref(),
            Some("https://api.github.com/repositories/1/actions/runs?page=9")
        );
        assert_eq!(find(h, "prev"), None);
        assert_eq!(find("", "next"), None);
        assert_eq!(find("<x>; rel=\"prev next\"", "next").as_deref(), Some("x"));
    }
}
