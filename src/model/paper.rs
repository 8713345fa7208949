//! Papers: board papers and position statements, with their numbered body.

use super::date::PartialDate;
use crate::diagnostics::Location;
use std::borrow::Cow;

/// A value read from a file together with where it was written, so later
/// stages can point at it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PaperKind {
    BoardPaper,
    PositionStatement,
    /// The minutes of the meeting whose folder holds them: they record its
    /// decisions ([`Decision`]).
    Minutes,
}

impl PaperKind {
    pub const NAMES: [&'static str; 3] = ["board-paper", "position-statement", "minutes"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "board-paper" => Some(Self::BoardPaper),
            "position-statement" => Some(Self::PositionStatement),
            "minutes" => Some(Self::Minutes),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::BoardPaper => "Board paper",
            Self::PositionStatement => "Position statement",
            Self::Minutes => "Minutes",
        }
    }

    /// Whether a paper of this kind must carry a summary, recommendations,
    /// a contact officer and a background papers list.
    pub fn is_report(self) -> bool {
        matches!(self, Self::BoardPaper)
    }
}

/// What a meeting decided on a paper or one of its recommendations, as its
/// minutes record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    Agreed,
    /// Agreed with changes: the decision carries the amended wording.
    Amended,
    Deferred,
    NotAgreed,
    Noted,
    Withdrawn,
}

impl Outcome {
    pub const NAMES: [&'static str; 6] = [
        "agreed",
        "amended",
        "deferred",
        "not-agreed",
        "noted",
        "withdrawn",
    ];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "agreed" => Some(Self::Agreed),
            "amended" => Some(Self::Amended),
            "deferred" => Some(Self::Deferred),
            "not-agreed" => Some(Self::NotAgreed),
            "noted" => Some(Self::Noted),
            "withdrawn" => Some(Self::Withdrawn),
            _ => None,
        }
    }

    /// The outcome in words, as the pages show it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Agreed => "Agreed",
            Self::Amended => "Agreed as amended",
            Self::Deferred => "Deferred",
            Self::NotAgreed => "Not agreed",
            Self::Noted => "Noted",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// The name a clerk writes, also the CSS slug of its tag.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Agreed => "agreed",
            Self::Amended => "amended",
            Self::Deferred => "deferred",
            Self::NotAgreed => "not-agreed",
            Self::Noted => "noted",
            Self::Withdrawn => "withdrawn",
        }
    }
}

/// Which recommendation of a paper a decision is about, as the clerk wrote
/// it: its position (`recommendation = 2`) or its numeral as the paper
/// prints it (`"II"`, `"(ii)"`, `"2"`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RecommendationRef {
    Position(i64),
    Numeral(String),
}

/// The numeral a recommendation is printed with: `I.`, `(ii)`, `3.`.
pub fn recommendation_numeral(style: RecommendationStyle, position: usize) -> String {
    match style {
        RecommendationStyle::UpperRoman => format!("{}.", roman(position)),
        RecommendationStyle::LowerRoman => format!("({})", roman(position).to_lowercase()),
        RecommendationStyle::Decimal => format!("{position}."),
    }
}

/// A recommendation's numeral without its punctuation: `I`, `ii`, `3`.
pub fn recommendation_name(style: RecommendationStyle, position: usize) -> String {
    recommendation_numeral(style, position)
        .trim_matches(['(', ')', '.'])
        .to_string()
}

/// Upper-case Roman numerals.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

impl RecommendationRef {
    /// The 1-based position of the recommendation this names among
    /// `count` recommendations numbered in `style`, if there is one.
    pub fn position(&self, style: RecommendationStyle, count: usize) -> Option<usize> {
        match self {
            RecommendationRef::Position(n) => {
                usize::try_from(*n).ok().filter(|n| (1..=count).contains(n))
            }
            RecommendationRef::Numeral(text) => {
                let bare = text.trim().trim_matches(['(', ')', '.']).trim();
                (1..=count).find(|&i| recommendation_name(style, i).eq_ignore_ascii_case(bare))
            }
        }
    }

    /// As the clerk wrote it, for messages.
    pub fn written(&self) -> String {
        match self {
            RecommendationRef::Position(n) => n.to_string(),
            RecommendationRef::Numeral(t) => t.clone(),
        }
    }
}

/// One decision recorded in a meeting's minutes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    /// The minute's number as published (`"23/16"`), if it has one.
    pub minute: Option<String>,
    /// The slug of the paper of the same meeting it decides.
    pub paper: Located<String>,
    /// Which of the paper's recommendations; `None` for the paper as a whole.
    pub recommendation: Option<Located<RecommendationRef>>,
    pub outcome: Outcome,
    /// For [`Outcome::Amended`]: the wording agreed.
    pub amended_wording: Option<String>,
    /// The resolution as the minutes word it.
    pub resolution: Option<String>,
    pub note: Option<String>,
}

/// An answer the paper gives to a yes/no question, or that it gives none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum YesNo {
    Yes,
    No,
    NotStated,
}

impl YesNo {
    pub const NAMES: [&'static str; 3] = ["yes", "no", "not-stated"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "yes" => Some(Self::Yes),
            "no" => Some(Self::No),
            "not-stated" => Some(Self::NotStated),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Yes => "Yes",
            Self::No => "No",
            Self::NotStated => "Not stated in the published paper",
        }
    }
}

/// How the recommendations are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RecommendationStyle {
    /// I, II, III
    UpperRoman,
    /// (i), (ii), (iii)
    LowerRoman,
    /// 1, 2, 3
    Decimal,
}

impl RecommendationStyle {
    pub const NAMES: [&'static str; 3] = ["upper-roman", "lower-roman", "decimal"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "upper-roman" => Some(Self::UpperRoman),
            "lower-roman" => Some(Self::LowerRoman),
            "decimal" => Some(Self::Decimal),
            _ => None,
        }
    }
}

/// Who numbers the paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Numbering {
    /// The numbers are written in the text as published, and checked.
    Manual,
    /// plansite numbers sections and paragraphs.
    Auto,
}

/// How paragraph numbers are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ParagraphStyle {
    /// 2.1, 2.2 under numbered sections.
    Sectioned,
    /// 1, 2, 3 through the paper; headings only group them.
    Flat,
}

/// Whether a paper may be published.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Access {
    Public,
    /// Exempt under the Local Government Act 1972, Schedule 12A.
    Exempt {
        paragraph: u8,
        reason: String,
    },
}

/// The description of exempt information in a paragraph of Part 1 of
/// Schedule 12A to the Local Government Act 1972 (England), as amended.
pub fn schedule_12a(paragraph: u8) -> Option<&'static str> {
    Some(match paragraph {
        1 => "Information relating to any individual.",
        2 => "Information which is likely to reveal the identity of an individual.",
        3 => "Information relating to the financial or business affairs of any particular person (including the authority holding that information).",
        4 => "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority.",
        5 => "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings.",
        6 => "Information which reveals that the authority proposes to give under any enactment a notice under or by virtue of which requirements are imposed on a person, or to make an order or direction under any enactment.",
        7 => "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime.",
        _ => return None,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BackgroundPaper {
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImpactAssessments {
    pub equality: YesNo,
    pub privacy: YesNo,
    pub note: Option<String>,
}

/// Why a part that a report normally has is missing from the published
/// paper (for faithful transcriptions of historical papers).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotPublished {
    pub from: Option<String>,
    pub contacts: Option<String>,
    pub background_papers: Option<String>,
    pub recommendations: Option<String>,
}

/// A run of Markdown from the paper body, with the line it starts on in the
/// file so that problems found while rendering it can be located. The text
/// is a range of the file's text, which the chunk shares, so a site holds
/// each paper's text once however many chunks it has.
#[derive(Clone)]
pub struct Chunk {
    /// The whole text of the file the chunk is part of.
    file: std::sync::Arc<str>,
    /// The chunk's bytes in `file`.
    range: std::ops::Range<usize>,
    /// 1-based line in the file of the chunk's first line.
    pub line: u32,
}

impl Chunk {
    /// An empty chunk that starts at byte `start` of `file`, on `line`.
    pub fn starting(file: &std::sync::Arc<str>, start: usize, line: u32) -> Chunk {
        let start = start.min(file.len());
        Chunk {
            file: file.clone(),
            range: start..start,
            line,
        }
    }

    /// Extends the chunk to byte `end` of its file.
    pub fn extend_to(&mut self, end: usize) {
        self.range.end = end.clamp(self.range.start, self.file.len());
    }

    /// The chunk's Markdown.
    pub fn markdown(&self) -> &str {
        self.file.get(self.range.clone()).unwrap_or_default()
    }

    /// The column (1-based, in characters) in the file of byte `offset` of
    /// the chunk's Markdown.
    pub fn column_of(&self, offset: usize) -> u32 {
        let at = (self.range.start + offset).min(self.range.end);
        let before = self.file.get(..at).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        before[line_start..].chars().count() as u32 + 1
    }
}

/// Chunks are equal when their text and first line are.
impl PartialEq for Chunk {
    fn eq(&self, other: &Chunk) -> bool {
        self.line == other.line && self.markdown() == other.markdown()
    }
}
impl Eq for Chunk {}

impl std::fmt::Debug for Chunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunk")
            .field("markdown", &self.markdown())
            .field("line", &self.line)
            .finish()
    }
}

/// A heading in the paper body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2 or deeper (the paper title is the page's only level-1 heading).
    pub level: u8,
    /// The heading text without its number.
    pub text: String,
    /// The number as shown, e.g. `4.0` or `4.`; none for unnumbered headings.
    pub number: Option<String>,
    /// The anchor, e.g. `section-4`.
    pub anchor: String,
    /// A label written `## Title {#label}`, for `{{ ref label }}`.
    pub label: Option<String>,
    pub line: u32,
}

/// A numbered paragraph: its number, anchor, optional label and content
/// (everything up to the next numbered paragraph or heading).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The number as shown: `4.5` or `7`.
    pub number: String,
    /// The stable anchor: `para-4-5` or `para-7`.
    pub anchor: String,
    pub label: Option<String>,
    /// Where `{#label}` was written.
    pub label_location: Option<Location>,
    /// Column (1-based) of the paragraph's first character of text on its
    /// first line, after the number and label, so problems in the first
    /// line of `body` are located exactly.
    pub text_col: u32,
    pub body: Chunk,
}

/// A section: an optional heading, unnumbered lead text, numbered paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: Option<Heading>,
    pub lead: Option<Chunk>,
    pub paragraphs: Vec<Paragraph>,
}

/// The numbered body of a paper.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaperBody {
    pub sections: Vec<Section>,
}

impl PaperBody {
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.sections.iter().flat_map(|s| s.paragraphs.iter())
    }
}

/// What links into a paper can point at: each heading's and numbered
/// paragraph's anchor, with the number, label and wording that name it.
///
/// It is taken from the body when the paper is parsed and kept even when
/// the body is not (see [`Released`]), so references between papers are
/// checked and resolved without holding every paper's text. It is one
/// string, a line per target, so a paper's targets are one allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Targets {
    /// Lines of `p<TAB>number<TAB>anchor<TAB>label` for a paragraph and
    /// `h<TAB>cite<TAB>anchor<TAB>label` for a heading (an empty label when
    /// it has none), each field with `\`, tab and newline escaped.
    lines: String,
}

/// One heading or paragraph in [`Targets`].
struct Target<'a> {
    heading: bool,
    /// The paragraph number, or how the heading is cited.
    name: Cow<'a, str>,
    anchor: Cow<'a, str>,
    label: Cow<'a, str>,
}

/// A field of [`Targets`] with `\`, tab and newline escaped.
fn escape_field(s: &str) -> Cow<'_, str> {
    if s.contains(['\\', '\t', '\n']) {
        Cow::Owned(
            s.replace('\\', "\\\\")
                .replace('\t', "\\t")
                .replace('\n', "\\n"),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// The text of a field written by [`escape_field`].
fn unescape_field(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    Cow::Owned(out)
}

impl Targets {
    /// The targets of `body`.
    pub fn of(body: &PaperBody) -> Targets {
        let mut lines = String::new();
        let mut push = |kind: char, name: &str, anchor: &str, label: Option<&String>| {
            use std::fmt::Write;
            let _ = writeln!(
                lines,
                "{kind}\t{}\t{}\t{}",
                escape_field(name),
                escape_field(anchor),
                escape_field(label.map_or("", String::as_str))
            );
        };
        for s in &body.sections {
            if let Some(h) = &s.heading {
                let cite = match &h.number {
                    Some(n) => {
                        format!("section {}", n.trim_end_matches(".0").trim_end_matches('.'))
                    }
                    None => format!("“{}”", h.text),
                };
                push('h', &cite, &h.anchor, h.label.as_ref());
            }
            for p in &s.paragraphs {
                push('p', &p.number, &p.anchor, p.label.as_ref());
            }
        }
        lines.shrink_to_fit();
        Targets { lines }
    }

    /// The targets as one text (for fingerprints).
    pub fn as_str(&self) -> &str {
        &self.lines
    }

    fn iter(&self) -> impl Iterator<Item = Target<'_>> {
        self.lines.lines().filter_map(|line| {
            let mut f = line.split('\t');
            let heading = f.next()? == "h";
            Some(Target {
                heading,
                name: unescape_field(f.next()?),
                anchor: unescape_field(f.next()?),
                label: unescape_field(f.next()?),
            })
        })
    }

    /// Every anchor a link may point at: sections, headings, paragraphs.
    pub fn anchors(&self) -> Vec<String> {
        self.iter().map(|t| t.anchor.into_owned()).collect()
    }

    /// Whether the paper has a numbered paragraph `number`.
    pub fn has_paragraph(&self, number: &str) -> bool {
        self.paragraph_anchor(number).is_some()
    }

    /// The anchor of numbered paragraph `number`.
    pub fn paragraph_anchor(&self, number: &str) -> Option<String> {
        self.iter()
            .find(|t| !t.heading && t.name == number)
            .map(|t| t.anchor.into_owned())
    }

    /// What a reference (`4.5`, a label, or an anchor such as `para-4-5`)
    /// points at: the anchor and how to cite it ("paragraph 4.5").
    pub fn resolve(&self, target: &str) -> Option<(String, String)> {
        self.iter().find_map(|t| {
            let labelled = !t.label.is_empty() && t.label == target;
            if t.heading {
                (labelled || t.anchor == target)
                    .then(|| (t.anchor.into_owned(), t.name.into_owned()))
            } else {
                (t.name == target || labelled || t.anchor == target)
                    .then(|| (t.anchor.to_string(), format!("paragraph {}", t.name)))
            }
        })
    }
}

/// Where the body of a paper is when a build may not keep it: `build`
/// parses each paper, keeps what the rest of the site needs (its front
/// matter, [`Targets`] and [`Changes`]) and keeps its body only while the
/// bodies kept so far are within a fixed budget (`content::BodyBudget`);
/// past it, the body is let go and the file is read and parsed again when
/// the paper's pages are drawn (`content::reload`). So a site's memory
/// does not grow with the text of its papers beyond the budget.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Released {
    /// The file, as it was read.
    pub file: std::path::PathBuf,
    /// What the text that was parsed is: its fingerprint, so a file
    /// changed while the site was being built is noticed rather than
    /// published half old, and what an incremental build decides by.
    pub digest: PaperDigest,
    /// The file's length in bytes: what keeping its body is counted as.
    pub len: usize,
    /// The body was kept, within the budget: it is not read again.
    pub held: bool,
}

impl Released {
    /// Whether the body of a paper with `released` must be read again
    /// before it is drawn.
    pub fn let_go(released: &Option<Released>) -> bool {
        released.as_ref().is_some_and(|r| !r.held)
    }
}

/// What an incremental rebuild needs to know of a paper file's text
/// (`render::memo`), without the text: computed by `content::paper_digest`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaperDigest {
    /// The fingerprint of the file's path and whole text.
    pub hash: u128,
    /// The fingerprint of the file's path and front matter alone.
    pub front: u128,
    /// The `board/meeting/paper` keys its text links to with `{{ paper … }}`.
    pub links: std::sync::Arc<[String]>,
}

/// The differences from one version of a paper to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Changes {
    /// Paragraph numbers, in the order of the newer version.
    pub added: Vec<String>,
    /// Paragraph numbers, in the order of the older version.
    pub removed: Vec<String>,
    /// Paragraph numbers whose text changed, in the order of the newer version.
    pub changed: Vec<String>,
    pub title_changed: bool,
    pub summary_changed: bool,
    pub recommendations_changed: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self == &Changes::default()
    }
}

/// Which version of a paper this is and what it was called.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Revision {
    /// 1 for the first version; the current version has the highest number.
    pub number: u32,
    /// e.g. "Initial draft", "Refresh", "Final".
    pub label: Option<String>,
    /// When this version was published.
    pub date: Option<super::date::PartialDate>,
    /// Where `date` is written.
    pub date_location: Option<crate::diagnostics::Location>,
    /// What the author says changed in this version.
    pub note: Option<String>,
    /// What changed from the previous version (`content::revisions`); `None`
    /// for the first version.
    pub changes: Option<Changes>,
}

/// A paper as written: front matter and numbered body.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Paper {
    pub slug: String,
    pub title: String,
    pub kind: PaperKind,
    pub item: Option<u32>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub date: PartialDate,
    /// Where `date` is written.
    pub date_location: Location,
    /// Why the date is not a full date, when it is not.
    pub date_note: Option<String>,
    pub summary: Option<String>,
    pub recommendations_intro: Option<String>,
    pub recommendations: Vec<String>,
    pub recommendation_style: RecommendationStyle,
    pub numbering: Numbering,
    pub paragraph_style: ParagraphStyle,
    pub key_decision: YesNo,
    pub key_decision_note: Option<String>,
    pub wards: Vec<String>,
    pub plans: Vec<Located<String>>,
    pub appendices: Vec<Located<String>>,
    pub appendix_label: Option<String>,
    pub access: Access,
    pub contacts: Vec<Contact>,
    /// `None` when the paper says it has no background papers.
    pub background_papers: Option<Vec<BackgroundPaper>>,
    pub impact_assessments: Option<ImpactAssessments>,
    pub notes: Option<String>,
    pub not_published: NotPublished,
    /// For minutes: the decisions they record, in the order written.
    pub decisions: Vec<Decision>,
    /// The numbered body; emptied once `build` has let it go (see
    /// [`Paper::released`]). Shared, so
    /// that copying a paper (as `serve` does for papers it did not parse
    /// again) does not copy its body. Not kept in the build cache
    /// (`cache::parsed` keeps only papers whose body was let go).
    #[serde(skip)]
    pub body: std::sync::Arc<PaperBody>,
    /// What links into the body can point at (kept when the body is not).
    pub targets: Targets,
    /// Set when `build` read the paper's file for parsing alone: its body
    /// is then kept or let go by budget, and read again if let go.
    pub released: Option<Released>,
    /// This version's number, label and date.
    pub revision: Revision,
    /// Earlier versions (`<slug>.v1.md`, `<slug>.v2.md` …), oldest first.
    /// Empty for a paper with one version, and in the versions themselves.
    pub earlier: Vec<Paper>,
    pub location: Location,
}

impl Paper {
    /// Every version of the paper, oldest first: the earlier versions, then
    /// this one.
    pub fn versions(&self) -> impl Iterator<Item = &Paper> {
        self.earlier.iter().chain(std::iter::once(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(number: Option<&str>, text: &str, anchor: &str, label: Option<&str>) -> Heading {
        Heading {
            level: 2,
            text: text.to_string(),
            number: number.map(str::to_string),
            anchor: anchor.to_string(),
            label: label.map(str::to_string),
            line: 1,
        }
    }

    fn paragraph(number: &str, label: Option<&str>) -> Paragraph {
        let file: std::sync::Arc<str> = "".into();
        Paragraph {
            number: number.to_string(),
            anchor: format!("para-{}", number.replace('.', "-")),
            label: label.map(str::to_string),
            label_location: None,
            text_col: 1,
            body: Chunk::starting(&file, 0, 1),
        }
    }

    #[test]
    fn targets_resolve_numbers_labels_and_anchors_and_keep_heading_text_exactly() {
        let body = PaperBody {
            sections: vec![
                Section {
                    heading: Some(heading(Some("4.0"), "Money", "section-4", Some("money"))),
                    lead: None,
                    paragraphs: vec![paragraph("4.1", None), paragraph("4.2", Some("bcf"))],
                },
                Section {
                    heading: Some(heading(None, "Tabbed\theading \\n", "annex", None)),
                    lead: None,
                    paragraphs: Vec::new(),
                },
            ],
        };
        let t = Targets::of(&body);
        let resolve = |x: &str| t.resolve(x).map(|(a, c)| format!("{a} {c}"));
        assert_eq!(resolve("money").as_deref(), Some("section-4 section 4"));
        assert_eq!(resolve("section-4").as_deref(), Some("section-4 section 4"));
        // A heading is not found by its number; a paragraph is.
        assert_eq!(resolve("4.0"), None);
        assert_eq!(resolve("4.1").as_deref(), Some("para-4-1 paragraph 4.1"));
        assert_eq!(resolve("bcf").as_deref(), Some("para-4-2 paragraph 4.2"));
        assert_eq!(
            resolve("para-4-2").as_deref(),
            Some("para-4-2 paragraph 4.2")
        );
        assert_eq!(
            resolve("annex").as_deref(),
            Some("annex “Tabbed\theading \\n”")
        );
        // An empty label matches nothing.
        assert_eq!(resolve(""), None);
        assert!(t.has_paragraph("4.2") && !t.has_paragraph("4.3"));
        assert_eq!(t.paragraph_anchor("4.1").as_deref(), Some("para-4-1"));
        assert_eq!(t.anchors(), ["section-4", "para-4-1", "para-4-2", "annex"]);
    }
}
