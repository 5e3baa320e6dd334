//! The errors DOM operations throw, each knowing its `DOMException` name.

use thiserror::Error;

/// An error a DOM operation throws; the engine turns it into a `DOMException`
/// named by [`DomError::dom_exception_name`], with `Display` as its message.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomError {
    /// The operation would yield an incorrect node tree.
    #[error("{0}")]
    HierarchyRequest(String),
    /// The object cannot be found here (e.g. the reference node is not a child).
    #[error("{0}")]
    NotFound(String),
    /// A name contains a character that names may not contain.
    #[error("{0}")]
    InvalidCharacter(String),
    /// A string (e.g. a selector) did not parse.
    #[error("{0}")]
    Syntax(String),
    /// The object can not be modified here (e.g. `outerHTML` of the root element).
    #[error("{0}")]
    NoModificationAllowed(String),
    /// The operation is not supported (e.g. adopting a document).
    #[error("{0}")]
    NotSupported(String),
}

impl DomError {
    /// The `DOMException` name browsers use for this error.
    pub fn dom_exception_name(&self) -> &'static str {
        match self {
            DomError::HierarchyRequest(_) => "HierarchyRequestError",
            DomError::NotFound(_) => "NotFoundError",
            DomError::InvalidCharacter(_) => "InvalidCharacterError",
            DomError::Syntax(_) => "SyntaxError",
            DomError::NoModificationAllowed(_) => "NoModificationAllowedError",
            DomError::NotSupported(_) => "NotSupportedError",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_names_its_dom_exception_and_displays_its_message() {
        let cases = [
            (
                DomError::HierarchyRequest("h".into()),
                "HierarchyRequestError",
            ),
            (DomError::NotFound("n".into()), "NotFoundError"),
            (
                DomError::InvalidCharacter("i".into()),
                "InvalidCharacterError",
            ),
            (DomError::Syntax("s".into()), "SyntaxError"),
            (
                DomError::NoModificationAllowed("m".into()),
                "NoModificationAllowedError",
            ),
            (DomError::NotSupported("u".into()), "NotSupportedError"),
        ];
        for (error, name) in cases {
            assert_eq!(error.dom_exception_name(), name);
            assert_eq!(error.to_string().len(), 1);
        }
    }
}
