//! The pages besides the operation forms, and the sign-in page.

pub mod audit;
pub mod gateway;
pub mod lookup;
pub mod plan;
pub mod sign_in;
