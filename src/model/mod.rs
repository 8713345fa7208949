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

pub use board::{Board, Meeting, MeetingStatus};
pub use date::PartialDate;
pub use money::{Money, MoneyUnit};
pub use paper::{
    schedule_12a, Access, BackgroundPaper, Changes, Chunk, Contact, Heading, ImpactAssessments,
    Located, NotPublished, Numbering, Paper, PaperBody, PaperKind, Paragraph, ParagraphStyle,
    RecommendationStyle, Released, Revision, Section, Targets, YesNo,
};
pub use period::{Period, YearMonth};
pub use plan::{
    Balance, Body, Conditions, Figure, FigureSource, Flow, Fund, FundLine, FundShape, Group,
    LineKind, LineList, Lines, ListName, ListRole, Matrix, MatrixRow, Measure, MinimumContribution,
    OutOfHospital, Plan, PlanSource, SignOff, SignOffRecord, SocialCare, Stated, StatedSet,
};
pub use standard::{
    Change, Citation, Commitment, Comparator, FigureValue, MeasureUnit, Polarity, ProgressFigure,
    ProgressSeries, Standard, StandardRef, StandardSet, Target, TargetValue, Tolerance,
};

/// Everything in `content/`, loaded and checked for shape.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Boards by slug, sorted.
    pub boards: Vec<Board>,
    /// Plans by id, sorted.
    pub plans: Vec<Plan>,
    /// Standard sets by id, sorted.
    pub standard_sets: Vec<StandardSet>,
    /// Progress series by id, sorted.
    pub progress: Vec<ProgressSeries>,
}

impl Site {
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
