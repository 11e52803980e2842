//! Which of the three R's of the story (Repair, Repave, Rotate) an activity belongs to.

use serde::{Deserialize, Serialize};

/// The practice an activity's cost belongs to (`practice = "repair" | "repave" | "rotate"`
/// in a scenario file; `"other"` when not said). Savings are split by practice in
/// `SimResult::attribution`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Practice {
    /// Periodically rebuilding hosts from a known-good state.
    Repave,
    /// Rotating credentials, keys and certificates.
    Rotate,
    /// Patching and fixing what runs (vulnerabilities, incidents).
    Repair,
    /// Anything else (the default): platform running costs, audits, projects.
    #[default]
    Other,
}

impl Practice {
    /// Every practice, in the order attribution tables and charts list them.
    pub const ALL: [Practice; 4] = [
        Practice::Repave,
        Practice::Rotate,
        Practice::Repair,
        Practice::Other,
    ];

    /// The name used in files and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Practice::Repave => "repave",
            Practice::Rotate => "rotate",
            Practice::Repair => "repair",
            Practice::Other => "other",
        }
    }

    /// The name with a capital, for chart and report text (`"Repave"`).
    pub fn title(self) -> &'static str {
        match self {
            Practice::Repave => "Repave",
            Practice::Rotate => "Rotate",
            Practice::Repair => "Repair",
            Practice::Other => "Other",
        }
    }

    /// The practice called `name` (as in files), if any.
    pub fn parse(name: &str) -> Option<Practice> {
        Practice::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// True for the default, which files leave out.
    pub fn is_other(&self) -> bool {
        *self == Practice::Other
    }
}
