//! The pages: one per task (its operations' forms), the tools, and the sign-in page.

pub mod audit;
pub mod gateway;
pub mod lookup;
pub mod plan;
pub mod sign_in;
pub mod task;
