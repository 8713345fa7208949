//! The content model: plain data, as the content files say it.
//!
//! Nothing here does I/O, arithmetic on published figures or formatting.
//! It depends on nothing else in the crate except `diagnostics::Location`,
//! which every value read from a file carries so that later stages can point
//! at it.

mod board;
mod date;
mod money;
mod paper;
mod period;
mod plan;
mod standard;
mod table;

pub use board::{Board, Meeting, MeetingStatus};
pub use date::{MeetingDate, PartialDate};
pub use money::{Money, MoneyUnit};
pub use paper::{
    recommendation_name, recommendation_numeral, roman, schedule_12a, Access, BackgroundPaper,
    Changes, Chunk, Contact, Decision, Heading, ImpactAssessments, Located, NotPublished,
    Numbering, Outcome, Paper, PaperBody, PaperDigest, PaperKind, Paragraph, ParagraphStyle,
    RecommendationRef, RecommendationStyle, Released, Revision, Section, Targets, YesNo,
};
pub use period::{Period, YearMonth};
pub use plan::{
    Balance, BalanceMeaning, Body, Conditions, Figure, FigureSource, Flow, Fund, FundLine,
    FundShape, Group, LineKind, LineList, Lines, ListName, ListRole, Matrix, MatrixRow, Measure,
    MinimumContribution, OutOfHospital, Override, Plan, PlanSource, SignOff, SignOffRecord,
    SocialCare, Stated, StatedChanges, StatedSet, TotalsFrom, Unbalanced,
};
pub use standard::{
    period_length_words, AgainstTarget, BlankPeriod, Change, Citation, Commitment, Comparator,
    Doubtful, FigureValue, MeasureUnit, Metric, OverUnder, Polarity, ProgressFigure,
    ProgressSeries, Standard, StandardRef, StandardSet, StatedGap, Target, TargetValue,
    ThresholdPeriod, Tolerance,
};
pub use table::{MonthlyTable, TableRow, YearCap};

/// What is known of the standards files that could not be read.
#[derive(Debug, Clone, Default)]
pub struct UnreadStandards {
    /// The sets' ids (their file names).
    pub sets: Vec<String>,
    /// The ids of the standards written in them, where the file is TOML
    /// that could be read for its ids.
    pub standards: Vec<String>,
    /// A file could not be read as TOML at all: any standard may be in it.
    pub any: bool,
}

/// Everything in `content/`, loaded and checked for shape.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Boards by slug, sorted.
    pub boards: Vec<Board>,
    /// Plans by id, sorted.
    pub plans: Vec<Plan>,
    /// Ids of plan files that could not be read (their mistakes are
    /// reported with them): a reference to one is not reported again.
    pub unreadable_plans: Vec<String>,
    /// References (`board/meeting/paper`) of paper files that could not be
    /// read, or whose meeting could not be (their mistakes are reported
    /// with them): a link, appendix or plan naming one is not reported
    /// again as naming a paper that does not exist.
    pub unreadable_papers: Vec<String>,
    /// The bodies of those papers, where their front matter could be told
    /// from their body: the shortcodes in them are still checked
    /// ([`UnreadBody`]), so that a clerk hears of the body's mistakes in the
    /// same build as the front matter's.
    pub unread_bodies: Vec<UnreadBody>,
    /// Standard sets by id, sorted.
    pub standard_sets: Vec<StandardSet>,
    /// Standards sets whose file could not be read (their mistakes are
    /// reported with them): a series naming one of them, or a standard
    /// that may be in one, is not reported again.
    pub unread_standards: UnreadStandards,
    /// Ids of progress series whose file could not be read: a table row
    /// naming one is not reported again as an unknown series.
    pub unreadable_progress: Vec<String>,
    /// Progress series by id, sorted.
    pub progress: Vec<ProgressSeries>,
    /// Monthly tables by id, sorted: views over monthly series.
    pub tables: Vec<MonthlyTable>,
    /// Where each paper is (board, meeting and paper positions), by its
    /// reference `board/meeting/paper`: made with the boards by
    /// [`Site::set_boards`], so that checking, calculating and drawing look
    /// papers up without each spelling out every reference again.
    paper_index: rustc_hash::FxHashMap<String, (usize, usize, usize)>,
}

/// The body of a paper file that could not be read (its front matter, or
/// its meeting, has a mistake, reported with it).
#[derive(Debug, Clone)]
pub struct UnreadBody {
    /// The paper file, from the site root.
    pub path: std::sync::Arc<str>,
    /// The body's Markdown, after the front matter.
    pub text: String,
    /// The 1-based line of the body's first line in the file.
    pub line: u32,
}

/// A paper's stable reference, `board/meeting/paper`: how content cites it
/// and how [`Site::paper`] finds it.
pub fn paper_key(board: &str, meeting: &str, paper: &str) -> String {
    format!("{board}/{meeting}/{paper}")
}

impl Site {
    /// Puts the site's boards in place, with the index of their papers.
    pub fn set_boards(&mut self, boards: Vec<Board>) {
        let mut at = rustc_hash::FxHashMap::default();
        for (bi, b) in boards.iter().enumerate() {
            for (mi, m) in b.meetings.iter().enumerate() {
                for (pi, p) in m.papers.iter().enumerate() {
                    at.insert(paper_key(&b.slug, &m.slug, &p.slug), (bi, mi, pi));
                }
            }
        }
        self.boards = boards;
        self.paper_index = at;
    }

    /// The paper a reference (`board/meeting/paper`) names, with its board
    /// and meeting.
    pub fn paper_at(&self, key: &str) -> Option<(&Board, &Meeting, &Paper)> {
        let &(b, m, p) = self.paper_index.get(key)?;
        let board = self.boards.get(b)?;
        let meeting = board.meetings.get(m)?;
        Some((board, meeting, meeting.papers.get(p)?))
    }

    /// The paper a reference (`board/meeting/paper`) names.
    pub fn paper(&self, key: &str) -> Option<&Paper> {
        self.paper_at(key).map(|(_, _, p)| p)
    }

    /// Whether `key` names a paper file that is in the content but could
    /// not be read (see [`Site::unreadable_papers`]).
    pub fn paper_unreadable(&self, key: &str) -> bool {
        self.unreadable_papers.iter().any(|k| k == key)
    }

    /// Whether standard `id` may be in a standards file that could not be
    /// read, or is written there with a mistake: a series naming it is not
    /// reported as naming an unknown standard.
    pub fn standard_unreadable(&self, id: &str) -> bool {
        let u = &self.unread_standards;
        u.any
            || u.standards.iter().any(|s| s == id)
            || self
                .standard_sets
                .iter()
                .any(|set| set.unreadable.iter().any(|s| s == id))
    }

    /// Every paper's reference, sorted (for "did you mean" hints).
    pub fn paper_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.paper_index.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// Every paper (its current version), board by board in meeting order.
    pub fn papers(&self) -> impl Iterator<Item = &Paper> {
        self.boards
            .iter()
            .flat_map(|b| &b.meetings)
            .flat_map(|m| m.papers.iter().map(|p| &**p))
    }

    /// Every standard, with the set and commitment that hold it.
    pub fn standards(&self) -> impl Iterator<Item = (&StandardSet, &Commitment, &Standard)> {
        self.standard_sets.iter().flat_map(|set| {
            set.items
                .iter()
                .flat_map(move |c| c.standards.iter().map(move |s| (set, c, s)))
        })
    }
}
