//! The console's only I/O.

pub mod analysis;
pub mod api;
pub mod drafts;
pub mod gateway;
