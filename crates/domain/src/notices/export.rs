//! A notice's Markdown written out for people: a self-contained HTML
//! document (every piece of text escaped, raw HTML shown as text, only
//! http, https and mailto links kept, no images or scripts) and plain text.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// The events of `markdown` with anything that could run or load something
/// replaced by text.
fn safe_events(markdown: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    // Links and images dropped are unwrapped: their text stays.
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Html(s) | Event::InlineHtml(s) => out.push(Event::Text(s)),
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let keep = safe_link(dest_url);
                dropped_links.push(!keep);
                if keep {
                    out.push(event);
                }
            }
            Event::End(TagEnd::Link) => {
                if dropped_links.pop() == Some(false) {
                    out.push(event);
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::InlineMath(s) | Event::DisplayMath(s) => out.push(Event::Text(s)),
            Event::FootnoteReference(s) => out.push(Event::Text(CowStr::from(format!("[{s}]")))),
            other => out.push(other),
        }
    }
    let _ = in_image;
    out
}

/// The body's HTML fragment (what the preview and the mail's HTML part show).
pub fn html_fragment(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, safe_events(markdown).into_iter());
    out
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;\
max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2328}\
h1,h2,h3{line-height:1.25}table{border-collapse:collapse}\
td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}\
code{background:#f6f8fa;padding:0 .2rem;border-radius:3px}";

/// A whole HTML document: no external resource, and a content security
/// policy that forbids scripts even if one slipped through.
pub fn html_document(subject: &str, markdown: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        escape_html(subject),
        html_fragment(markdown)
    )
}

/// Plain text for mail clients and pasting: Markdown markers removed,
/// headings underlined, list items bulleted, links followed by their URL.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut heading_start: Option<(usize, HeadingLevel)> = None;
    let mut links: Vec<String> = Vec::new();
    for event in safe_events(markdown) {
        match event {
            Event::Text(s) | Event::Code(s) => out.push_str(&s),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Heading { level, .. }) => heading_start = Some((out.len(), level)),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level)) = heading_start.take() {
                    let width = out[start..].chars().count();
                    let mark = if level == HeadingLevel::H1 { '=' } else { '-' };
                    out.push('\n');
                    out.extend(std::iter::repeat_n(mark, width));
                }
                out.push_str("\n\n");
            }
            Event::End(TagEnd::Paragraph) => {
                out.push_str(if lists.is_empty() { "\n\n" } else { "\n" });
            }
            Event::Start(Tag::List(first)) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                let depth = lists.len().saturating_sub(1);
                out.extend(std::iter::repeat_n(' ', depth * 2));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Rule => out.push_str("----------\n\n"),
            Event::End(TagEnd::CodeBlock | TagEnd::BlockQuote(_)) => out.push('\n'),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push_str("  "),
            _ => {}
        }
    }
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        blank = if line.is_empty() { blank + 1 } else { 0 };
        if blank < 2 {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.trim().to_owned() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_raw_html_and_drops_unsafe_links_and_images() {
        let md = "# Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
                  [ok](https://example.com) [bad](javascript:alert(1)) ![i](http://e/x.png)";
        let h = html_fragment(md);
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("<a href=\"https://example.com\">ok</a>"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("bad"), "{h}");
        let doc = html_document("A <b>subject</b>", md);
        assert!(doc.contains("<title>A &lt;b&gt;subject&lt;/b&gt;</title>"));
        assert!(doc.contains("default-src 'none'"));
    }

    #[test]
    fn plain_text_keeps_words_and_structure_without_markers() {
        let md = "# Maintenance\n\nWe **will** deploy \\*safely\\*:\n\n- ledger\n- checkout\n\n\
                  1. first\n2. second\n\nSee [the page](https://example.com).";
        assert_eq!(
            plain_text(md),
            "Maintenance\n===========\n\nWe will deploy *safely*:\n\n- ledger\n- checkout\n\n\
             1. first\n2. second\n\nSee the page (https://example.com).\n"
        );
    }
}
