//! What the group writes down about a review: the challenge log, findings tagged with
//! themes, recommendations, the whole review in one read, and the feedback letter.

pub(crate) mod store;

pub use store::{Letter, ReviewDetail};
