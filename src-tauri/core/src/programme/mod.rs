//! The programme the commissioners keep: which contracts to review first (priority), when
//! (the forward plan), how the whole portfolio stands, and the six-monthly update to the
//! committee.

pub mod handover;
pub mod plan;
pub mod portfolio;
pub mod priority;
pub mod six_month_update;
