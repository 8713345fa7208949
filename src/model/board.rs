//! Boards and their meetings.

use super::date::MeetingDate;
use crate::diagnostics::Location;

/// A board, e.g. the Kent Health and Wellbeing Board.
#[derive(Debug, Clone)]
pub struct Board {
    pub slug: String,
    pub name: String,
    pub owner: Option<String>,
    pub remit: Option<String>,
    /// Meetings, oldest first.
    pub meetings: Vec<Meeting>,
    pub location: Location,
}

/// Whether a meeting has happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MeetingStatus {
    Scheduled,
    Held,
    Cancelled,
    /// The published papers do not say (transcribed historical meetings).
    NotStated,
}

impl MeetingStatus {
    pub const NAMES: [&'static str; 4] = ["scheduled", "held", "cancelled", "not-stated"];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "scheduled" => Some(Self::Scheduled),
            "held" => Some(Self::Held),
            "cancelled" => Some(Self::Cancelled),
            "not-stated" => Some(Self::NotStated),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Scheduled => "Scheduled",
            Self::Held => "Held",
            Self::Cancelled => "Cancelled",
            Self::NotStated => "Not stated in the published papers",
        }
    }
}

/// One meeting of a board: its agenda is its papers in item order.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Meeting {
    pub slug: String,
    pub date: MeetingDate,
    /// Why the date is not a full date, when it is not.
    pub date_note: Option<String>,
    /// How the clerk inferred the date, when the source does not print it
    /// (`date_inferred`): shown wherever the date is.
    pub date_inferred: Option<String>,
    pub time: Option<String>,
    pub venue: Option<String>,
    pub status: MeetingStatus,
    /// Who to ask about the meeting (usually democratic services).
    pub contact: Option<super::paper::Contact>,
    /// Papers in agenda order (item number, then title). Shared, so that
    /// `serve` keeps an unchanged meeting's papers without copying them.
    pub papers: Vec<std::sync::Arc<super::paper::Paper>>,
    pub location: Location,
}
