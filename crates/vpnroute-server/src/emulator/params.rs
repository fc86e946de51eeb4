//! Reading the parameters of the reads, which the engine does not model: each
//! problem is the generic code that names the field, with the fix in the message.

use crate::error::ApiError;
use vpnroute_rules::WireParams;

pub fn optional<'a>(params: &'a WireParams, name: &str) -> Option<&'a str> {
    params.get(name).filter(|v| !v.is_empty())
}

pub fn required<'a>(params: &'a WireParams, name: &str) -> Result<&'a str, ApiError> {
    optional(params, name).ok_or_else(|| {
        ApiError::bad_request(
            format!("MissingParameter.{name}"),
            format!("{name} is required."),
        )
    })
}

pub fn integer(params: &WireParams, name: &str, default: u32, max: u32) -> Result<u32, ApiError> {
    let Some(text) = optional(params, name) else {
        return Ok(default);
    };
    text.parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            ApiError::bad_request(
                format!("InvalidParameter.{name}"),
                format!("{name} {text:?} is not a whole number from 1 to {max}."),
            )
        })
}

/// One page of `items`: `PageNumber` from 1, `PageSize` up to 50 (default 10).
pub struct Page {
    pub number: u32,
    pub size: u32,
}

impl Page {
    pub fn read(params: &WireParams) -> Result<Page, ApiError> {
        Ok(Page {
            number: integer(params, "PageNumber", 1, i32::MAX as u32)?,
            size: integer(params, "PageSize", 10, 50)?,
        })
    }

    pub fn of<T>(&self, items: Vec<T>) -> Vec<T> {
        let start = (self.number as usize - 1).saturating_mul(self.size as usize);
        items
            .into_iter()
            .skip(start)
            .take(self.size as usize)
            .collect()
    }
}
