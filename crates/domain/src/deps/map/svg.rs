//! The map view as an SVG image: the same boxes and edges the graph view
//! draws, with every label escaped.

use std::fmt::Write;

use super::{MapNode, MapNodeKind, MapView};
use crate::deps::model::DependencyKind;
use crate::service::Tier;

/// Text safe inside SVG elements and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn kind_colour(kind: DependencyKind) -> &'static str {
    match kind {
        DependencyKind::Runtime => "#5b6b8c",
        DependencyKind::Data => "#2a9d8f",
        DependencyKind::DeployOrder => "#c77d1a",
    }
}

fn tier_colour(tier: Tier) -> &'static str {
    match tier {
        Tier::Critical => "#c0392b",
        Tier::High => "#d68910",
        Tier::Medium => "#2e86c1",
        Tier::Low => "#7f8c8d",
    }
}

/// Where an edge from `from` (the dependant) to `to` (its dependency) runs:
/// side to side between columns, or a loop out of the right sides when both
/// share a column. Start, two control points and end of a cubic curve.
pub fn edge_curve(from: &MapNode, to: &MapNode) -> [(f64, f64); 4] {
    let (fy, ty) = (from.y + from.height / 2.0, to.y + to.height / 2.0);
    let (start, end) = if to.x + to.width <= from.x {
        ((from.x, fy), (to.x + to.width, ty))
    } else if from.x + from.width <= to.x {
        ((from.x + from.width, fy), (to.x, ty))
    } else {
        let x = from.x.max(to.x) + from.width;
        let bulge = 40.0;
        return [(x, fy), (x + bulge, fy), (x + bulge, ty), (x, ty)];
    };
    let pull = ((end.0 - start.0).abs() / 2.0).max(20.0);
    let dir = if end.0 < start.0 { -1.0 } else { 1.0 };
    [
        start,
        (start.0 + dir * pull, start.1),
        (end.0 - dir * pull, end.1),
        end,
    ]
}

/// Characters of a label that fit in a box; longer ones end in "…".
const LABEL_CHARS: usize = 24;

fn fit(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let mut cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The whole view as a standalone SVG document.
pub fn to_svg(view: &MapView) -> String {
    let (w, h) = (view.width.max(1.0), view.height.max(1.0));
    let mut out = String::with_capacity(200 + view.nodes.len() * 260 + view.edges.len() * 150);
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="sans-serif" font-size="12">"##
    );
    out.push_str("<title>Signalbox dependency map</title>\n");
    out.push_str("<defs>");
    for kind in DependencyKind::ALL {
        let _ = write!(
            out,
            r##"<marker id="arrow-{k}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="{c}"/></marker>"##,
            k = kind.as_str(),
            c = kind_colour(kind)
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        r##"<rect width="{w:.0}" height="{h:.0}" fill="#ffffff"/>"##
    );
    out.push_str("<g fill=\"none\" stroke-width=\"1.2\">\n");
    for e in &view.edges {
        let (Some(from), Some(to)) = (
            view.nodes.get(e.from as usize),
            view.nodes.get(e.to as usize),
        ) else {
            continue;
        };
        let [a, b, c, d] = edge_curve(from, to);
        let dash = if e.kind == DependencyKind::DeployOrder {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let colour = if e.in_cycle {
            "#b03a2e"
        } else {
            kind_colour(e.kind)
        };
        let _ = writeln!(
            out,
            r##"<path d="M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" stroke="{colour}"{dash} marker-end="url(#arrow-{})"/>"##,
            a.0,
            a.1,
            b.0,
            b.1,
            c.0,
            c.1,
            d.0,
            d.1,
            e.kind.as_str()
        );
    }
    out.push_str("</g>\n<g>\n");
    for n in &view.nodes {
        let full = match n.kind {
            MapNodeKind::Service => n.label.clone(),
            MapNodeKind::System => format!("{} ({})", n.label, n.members),
        };
        let label = escape(&fit(&full));
        let title = escape(&full);
        let (fill, border) = match n.kind {
            MapNodeKind::Service => ("#f7f8fa", "1.5"),
            MapNodeKind::System => ("#eef1f7", "3"),
        };
        let _ = writeln!(
            out,
            r##"<g><title>{title}</title><rect x="{:.1}" y="{:.1}" width="{:.0}" height="{:.0}" rx="5" fill="{fill}" stroke="{}" stroke-width="{border}"/><text x="{:.1}" y="{:.1}" dominant-baseline="middle" fill="#1d2330">{label}</text></g>"##,
            n.x,
            n.y,
            n.width,
            n.height,
            tier_colour(n.tier),
            n.x + 8.0,
            n.y + n.height / 2.0,
        );
    }
    out.push_str("</g>\n</svg>\n");
    out
}
