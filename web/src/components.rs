//! Small view components; none holds a rule.

pub mod address_map;
pub mod diagnostic_list;
pub mod facts_panel;
pub mod field_editor;
pub mod field_input;
pub mod findings_panel;
pub mod impact_view;
pub mod operation_form;
pub mod outcome_view;
pub mod request_preview;
pub mod session_bar;
