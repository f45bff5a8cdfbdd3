//! Operators a kind does not have, so that calling one fails with a message naming the operators
//! it does have (instead of rustc's list of unrelated kinds that have a method of that name).
//!
//! Each is a hidden method whose bound no type meets: the traits are sealed and never
//! implemented, and `#[diagnostic::on_unimplemented]` carries the message.

use super::filter::Filter;
use super::prop::Prop;
use crate::model::kind;

mod sealed {
    /// Keeps the operator traits unimplementable outside this module.
    pub trait Never {}
}

macro_rules! misused {
    ($kind:ty, $label:literal, $note:literal: $($method:ident $trait:ident $message:literal;)*) => {
        $(
            #[doc(hidden)]
            #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
            pub trait $trait: sealed::Never {}
        )*

        impl<M, T, A> Prop<M, $kind, T, A> {
            $(
                #[doc(hidden)]
                pub fn $method<V: $trait>(&self, _value: V) -> Filter<M> {
                    unreachable!("no type implements a sealed, unimplemented trait")
                }
            )*
        }
    };
}

misused!(
    kind::Number,
    "not a filter of number properties",
    "number properties filter with `equals`, `does_not_equal`, `greater_than`, `less_than`, `greater_than_or_equal_to`, `less_than_or_equal_to`, `is_empty` and `is_not_empty`":
    contains NumberContains "`contains` is not a filter of number properties";
    does_not_contain NumberDoesNotContain "`does_not_contain` is not a filter of number properties";
    starts_with NumberStartsWith "`starts_with` is not a filter of number properties";
    ends_with NumberEndsWith "`ends_with` is not a filter of number properties";
    before NumberBefore "`before` is not a filter of number properties";
    after NumberAfter "`after` is not a filter of number properties";
);

misused!(
    kind::Checkbox,
    "not a filter of checkbox properties",
    "checkbox properties filter with `equals` and `does_not_equal` only":
    contains CheckboxContains "`contains` is not a filter of checkbox properties";
    does_not_contain CheckboxDoesNotContain "`does_not_contain` is not a filter of checkbox properties";
    is_empty CheckboxIsEmpty "`is_empty` is not a filter of checkbox properties";
    is_not_empty CheckboxIsNotEmpty "`is_not_empty` is not a filter of checkbox properties";
);
