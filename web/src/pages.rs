//! The pages besides the operation forms.

pub mod gateway;
pub mod lookup;
pub mod plan;
