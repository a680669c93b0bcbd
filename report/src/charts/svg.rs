//! Writing SVG by hand: escaping, coordinates, the shapes of the bands.

use std::fmt::Write;

use super::Band;
use crate::format::Lang;

/// Every chart is this wide (in SVG user units, 1 = 1 CSS px at full size).
pub(super) const WIDTH: f64 = 680.0;
/// The font size of labels.
pub(super) const FONT_SIZE: f64 = 12.0;
/// The width of an average glyph at `FONT_SIZE`, used only to lay out and
/// shorten labels (system fonts vary; labels are cut with room to spare).
pub(super) const CHAR_WIDTH: f64 = 6.6;
/// System fonts only: no font is fetched or embedded.
const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif";

/// Okabe–Ito: distinguishable with every common colour-vision deficiency.
pub(super) const GREEN: &str = "#009E73";
pub(super) const YELLOW: &str = "#F0E442";
pub(super) const VERMILLION: &str = "#D55E00";
pub(super) const ORANGE: &str = "#E69F00";
pub(super) const SKY: &str = "#56B4E9";
pub(super) const BLUE: &str = "#0072B2";
pub(super) const INK: &str = "#222222";
pub(super) const MUTED: &str = "#555555";
pub(super) const GRID: &str = "#DDDDDD";
pub(super) const PALE: &str = "#EEEEEE";

/// Escapes text for XML content and attribute values; characters that XML
/// 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most two decimals, without a trailing `.0` or `-0`.
pub(super) fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{:.2}", v);
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// A label cut to at most `max_chars` characters, with `…` when cut.
pub(super) fn shorten(label: &str, max_chars: usize) -> (String, bool) {
    let count = label.chars().count();
    if count <= max_chars {
        return (label.to_string(), false);
    }
    let keep = max_chars.saturating_sub(1);
    let mut cut: String = label.chars().take(keep).collect();
    cut = cut.trim_end().to_string();
    cut.push('…');
    (cut, true)
}

/// The width a label is expected to take.
pub(super) fn text_width(label: &str) -> f64 {
    label.chars().count() as f64 * CHAR_WIDTH
}

/// Where a text is anchored.
#[derive(Clone, Copy)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A text to draw.
pub(super) struct Text<'a> {
    pub x: f64,
    pub y: f64,
    pub anchor: Anchor,
    pub content: &'a str,
    /// Cut to this many characters (the full text then goes in a tooltip).
    pub max_chars: Option<usize>,
    /// `lang` of the text when it differs from the document's.
    pub lang: Option<&'static str>,
    pub bold: bool,
    pub fill: &'static str,
    /// Rotation in degrees around (x, y).
    pub rotate: Option<f64>,
}

impl<'a> Text<'a> {
    pub fn new(x: f64, y: f64, anchor: Anchor, content: &'a str) -> Text<'a> {
        Text {
            x,
            y,
            anchor,
            content,
            max_chars: None,
            lang: None,
            bold: false,
            fill: INK,
            rotate: None,
        }
    }
}

/// An SVG document being written.
pub(super) struct Svg {
    out: String,
}

impl Svg {
    /// Opens the `<svg>` with its title and description, [`WIDTH`] wide.
    pub fn new(id: &str, height: f64, title: &str, desc: &str, lang: Lang) -> Svg {
        Svg::with_width(id, WIDTH, height, title, desc, lang)
    }

    /// Opens the `<svg>` with its title and description.
    pub fn with_width(
        id: &str,
        width: f64,
        height: f64,
        title: &str,
        desc: &str,
        lang: Lang,
    ) -> Svg {
        let mut out = String::with_capacity(4096);
        let (w, h) = (n(width), n(height));
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"chart\" role=\"img\" \
             aria-labelledby=\"{id}-title {id}-desc\" lang=\"{lang}\" viewBox=\"0 0 {w} {h}\" \
             width=\"{w}\" height=\"{h}\" font-family=\"{font}\" font-size=\"{size}\">\
             <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
            lang = lang.tag(),
            font = esc(FONT_FAMILY),
            size = n(FONT_SIZE),
            title = esc(title),
            desc = esc(desc),
        );
        Svg { out }
    }

    /// Markup written by the chart modules themselves (never caller text).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    pub fn text(&mut self, t: Text<'_>) {
        let (shown, cut) = match t.max_chars {
            Some(m) => shorten(t.content, m),
            None => (t.content.to_string(), false),
        };
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"{}\"",
            n(t.x),
            n(t.y),
            t.anchor.as_str(),
            t.fill
        );
        if t.bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        if let Some(lang) = t.lang {
            let _ = write!(self.out, " lang=\"{lang}\"");
        }
        if let Some(deg) = t.rotate {
            let _ = write!(
                self.out,
                " transform=\"rotate({} {} {})\"",
                n(deg),
                n(t.x),
                n(t.y)
            );
        }
        self.out.push('>');
        if cut {
            // The whole label as a tooltip; the data table has it in full too.
            let _ = write!(self.out, "<title>{}</title>", esc(t.content));
        }
        self.out.push_str(&esc(&shown));
        self.out.push_str("</text>");
    }

    pub fn line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        stroke: &str,
        width: f64,
        dash: Option<&str>,
    ) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"",
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            n(width)
        );
        if let Some(d) = dash {
            let _ = write!(self.out, " stroke-dasharray=\"{d}\"");
        }
        self.out.push_str("/>");
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: Option<&str>) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
        if let Some(s) = stroke {
            let _ = write!(self.out, " stroke=\"{s}\" stroke-width=\"0.75\"");
        }
        self.out.push_str("/>");
    }

    /// The band's shape centred on (cx, cy), `size` across: ● green,
    /// ▲ yellow, ■ red, ◇ no score.
    pub fn band_marker(&mut self, band: Band, cx: f64, cy: f64, size: f64) {
        let r = size / 2.0;
        let stroke = format!("stroke=\"{INK}\" stroke-width=\"0.75\"");
        let _ = match band {
            Band::Green => write!(
                self.out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{GREEN}\" {stroke}/>",
                n(cx),
                n(cy),
                n(r)
            ),
            Band::Yellow => write!(
                self.out,
                "<polygon points=\"{},{} {},{} {},{}\" fill=\"{YELLOW}\" {stroke}/>",
                n(cx),
                n(cy - r),
                n(cx + r),
                n(cy + r * 0.8),
                n(cx - r),
                n(cy + r * 0.8)
            ),
            Band::Red => write!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{VERMILLION}\" {stroke}/>",
                n(cx - r * 0.85),
                n(cy - r * 0.85),
                n(size * 0.85),
                n(size * 0.85)
            ),
            Band::None => write!(
                self.out,
                "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"#FFFFFF\" stroke=\"{MUTED}\" stroke-width=\"1\"/>",
                n(cx),
                n(cy - r),
                n(cx + r),
                n(cy),
                n(cx),
                n(cy + r),
                n(cx - r),
                n(cy)
            ),
        };
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// The colour a band is filled with.
pub(super) fn band_fill(band: Band) -> &'static str {
    match band {
        Band::Green => GREEN,
        Band::Yellow => YELLOW,
        Band::Red => VERMILLION,
        Band::None => "#FFFFFF",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
        );
        assert_eq!(esc("x\u{0}y\u{1b}z\u{ffff}"), "x\u{fffd}y\u{fffd}z\u{fffd}");
        assert_eq!(esc("línea\tuno\n"), "línea\tuno\n");
    }

    #[test]
    fn coordinates() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.5), "1.5");
        assert_eq!(n(1.256), "1.26");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(680.0), "680");
    }

    #[test]
    fn shortening() {
        assert_eq!(shorten("Prevención", 20), ("Prevención".to_string(), false));
        assert_eq!(
            shorten("Atención integral", 10),
            ("Atención…".to_string(), true)
        );
        assert_eq!(shorten("abc", 1), ("…".to_string(), true));
    }
}
