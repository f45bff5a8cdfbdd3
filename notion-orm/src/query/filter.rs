//! Filters for one model, with Notion's two-level nesting limit enforced by types.
//!
//! * [`Filter<M>`]: one condition (a property or timestamp filter).
//! * [`All<M>`] / [`Any<M>`]: `and` / `or` of conditions.
//! * [`Nested<M>`]: `and` / `or` whose items may be groups of conditions; it cannot be combined
//!   further, because Notion allows only two levels.
//!
//! `a.and(b)` and `a.or(b)` pick the smallest shape that holds the result: `a.and(b).and(c)` is
//! still one flat [`All`], while `(a.or(b)).and(c)` becomes a [`Nested`]. The operators `&` and
//! `|` do the same (`a & (b | c)`), and bind as AND and OR do: `a & b | c` is `(a & b) | c`.

use std::fmt;
use std::marker::PhantomData;

use serde_json::{Value, json};

/// One filter condition on model `M`: a property filter or a timestamp filter.
pub struct Filter<M> {
    json: Value,
    model: PhantomData<fn() -> M>,
}

/// Conditions that must all hold (`{"and": [...]}`), on model `M`.
pub struct All<M> {
    items: Vec<Value>,
    model: PhantomData<fn() -> M>,
}

/// Conditions of which at least one must hold (`{"or": [...]}`), on model `M`.
pub struct Any<M> {
    items: Vec<Value>,
    model: PhantomData<fn() -> M>,
}

/// A compound whose items may themselves be compounds: the deepest filter Notion accepts.
/// It has no `and`/`or`: a third level would be rejected by Notion.
pub struct Nested<M> {
    json: Value,
    model: PhantomData<fn() -> M>,
}

impl<M> Filter<M> {
    /// A filter from raw JSON, for conditions the typed handles do not cover. The JSON is sent
    /// as is.
    pub fn raw(json: Value) -> Self {
        Filter {
            json,
            model: PhantomData,
        }
    }

    /// The filter as Notion's JSON.
    pub fn to_json(&self) -> Value {
        self.json.clone()
    }
}

macro_rules! common_impls {
    ($($ty:ident),*) => {$(
        impl<M> Clone for $ty<M> {
            fn clone(&self) -> Self {
                $ty::from_json_parts(self.clone_parts())
            }
        }

        impl<M> fmt::Debug for $ty<M> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($ty), self.json_value())
            }
        }

        impl<M> PartialEq for $ty<M> {
            fn eq(&self, other: &Self) -> bool {
                self.json_value() == other.json_value()
            }
        }
    )*};
}

// Small private plumbing so the impls above can be shared.
trait Parts: Sized {
    fn clone_parts(&self) -> Value;
    fn from_json_parts(v: Value) -> Self;
    fn json_value(&self) -> Value;
}

impl<M> Parts for Filter<M> {
    fn clone_parts(&self) -> Value {
        self.json.clone()
    }
    fn from_json_parts(v: Value) -> Self {
        Filter::raw(v)
    }
    fn json_value(&self) -> Value {
        self.json.clone()
    }
}

impl<M> Parts for Nested<M> {
    fn clone_parts(&self) -> Value {
        self.json.clone()
    }
    fn from_json_parts(v: Value) -> Self {
        Nested {
            json: v,
            model: PhantomData,
        }
    }
    fn json_value(&self) -> Value {
        self.json.clone()
    }
}

impl<M> Parts for All<M> {
    fn clone_parts(&self) -> Value {
        Value::Array(self.items.clone())
    }
    fn from_json_parts(v: Value) -> Self {
        All::new(v.as_array().cloned().unwrap_or_default())
    }
    fn json_value(&self) -> Value {
        json!({ "and": self.items })
    }
}

impl<M> Parts for Any<M> {
    fn clone_parts(&self) -> Value {
        Value::Array(self.items.clone())
    }
    fn from_json_parts(v: Value) -> Self {
        Any::new(v.as_array().cloned().unwrap_or_default())
    }
    fn json_value(&self) -> Value {
        json!({ "or": self.items })
    }
}

common_impls!(Filter, All, Any, Nested);

impl<M> All<M> {
    fn new(items: Vec<Value>) -> Self {
        All {
            items,
            model: PhantomData,
        }
    }

    /// All of these conditions, e.g. built from a list at run time.
    pub fn of(filters: impl IntoIterator<Item = Filter<M>>) -> Self {
        All::new(filters.into_iter().map(|f| f.json).collect())
    }

    /// The filter as Notion's JSON.
    pub fn to_json(&self) -> Value {
        self.json_value()
    }
}

impl<M> Any<M> {
    fn new(items: Vec<Value>) -> Self {
        Any {
            items,
            model: PhantomData,
        }
    }

    /// Any of these conditions, e.g. built from a list at run time.
    pub fn of(filters: impl IntoIterator<Item = Filter<M>>) -> Self {
        Any::new(filters.into_iter().map(|f| f.json).collect())
    }

    /// The filter as Notion's JSON.
    pub fn to_json(&self) -> Value {
        self.json_value()
    }
}

impl<M> Nested<M> {
    fn new(op: &str, items: Vec<Value>) -> Self {
        Nested {
            json: json!({ op: items }),
            model: PhantomData,
        }
    }

    /// The filter as Notion's JSON.
    pub fn to_json(&self) -> Value {
        self.json.clone()
    }
}

/// `self AND rhs`, for the pairs that stay within two levels of nesting.
#[diagnostic::on_unimplemented(
    message = "cannot combine `{Self}` with `{Rhs}`: Notion allows at most two levels of filter nesting, on one model",
    label = "this would nest filters three levels deep, or mixes models"
)]
pub trait And<Rhs> {
    /// The combined filter.
    type Output;
    /// Combines the two.
    fn and_filter(self, rhs: Rhs) -> Self::Output;
}

/// `self OR rhs`, for the pairs that stay within two levels of nesting.
#[diagnostic::on_unimplemented(
    message = "cannot combine `{Self}` with `{Rhs}`: Notion allows at most two levels of filter nesting, on one model",
    label = "this would nest filters three levels deep, or mixes models"
)]
pub trait Or<Rhs> {
    /// The combined filter.
    type Output;
    /// Combines the two.
    fn or_filter(self, rhs: Rhs) -> Self::Output;
}

// The table of combinations. "Flat" results stay one level deep; the others nest once.
macro_rules! combine {
    ($trait:ident, $method:ident, $op:literal, $flat:ident, $other:ident) => {
        impl<M> $trait<Filter<M>> for Filter<M> {
            type Output = $flat<M>;
            fn $method(self, rhs: Filter<M>) -> $flat<M> {
                $flat::new(vec![self.json, rhs.json])
            }
        }
        impl<M> $trait<$flat<M>> for Filter<M> {
            type Output = $flat<M>;
            fn $method(self, rhs: $flat<M>) -> $flat<M> {
                let mut items = vec![self.json];
                items.extend(rhs.items);
                $flat::new(items)
            }
        }
        impl<M> $trait<Filter<M>> for $flat<M> {
            type Output = $flat<M>;
            fn $method(mut self, rhs: Filter<M>) -> $flat<M> {
                self.items.push(rhs.json);
                self
            }
        }
        impl<M> $trait<$flat<M>> for $flat<M> {
            type Output = $flat<M>;
            fn $method(mut self, rhs: $flat<M>) -> $flat<M> {
                self.items.extend(rhs.items);
                self
            }
        }
        impl<M> $trait<$other<M>> for Filter<M> {
            type Output = Nested<M>;
            fn $method(self, rhs: $other<M>) -> Nested<M> {
                Nested::new($op, vec![self.json, rhs.json_value()])
            }
        }
        impl<M> $trait<$other<M>> for $flat<M> {
            type Output = Nested<M>;
            fn $method(mut self, rhs: $other<M>) -> Nested<M> {
                self.items.push(rhs.json_value());
                Nested::new($op, self.items)
            }
        }
        impl<M> $trait<Filter<M>> for $other<M> {
            type Output = Nested<M>;
            fn $method(self, rhs: Filter<M>) -> Nested<M> {
                Nested::new($op, vec![self.json_value(), rhs.json])
            }
        }
        impl<M> $trait<$flat<M>> for $other<M> {
            type Output = Nested<M>;
            fn $method(self, rhs: $flat<M>) -> Nested<M> {
                let mut items = vec![self.json_value()];
                items.extend(rhs.items);
                Nested::new($op, items)
            }
        }
        impl<M> $trait<$other<M>> for $other<M> {
            type Output = Nested<M>;
            fn $method(self, rhs: $other<M>) -> Nested<M> {
                Nested::new($op, vec![self.json_value(), rhs.json_value()])
            }
        }
    };
}

combine!(And, and_filter, "and", All, Any);
combine!(Or, or_filter, "or", Any, All);

macro_rules! combinators {
    ($($ty:ident),*) => {$(
        impl<M> $ty<M> {
            /// Both this and `rhs` must hold.
            #[allow(clippy::should_implement_trait)]
            pub fn and<R>(self, rhs: R) -> <Self as And<R>>::Output
            where
                Self: And<R>,
            {
                self.and_filter(rhs)
            }

            /// This or `rhs` must hold.
            pub fn or<R>(self, rhs: R) -> <Self as Or<R>>::Output
            where
                Self: Or<R>,
            {
                self.or_filter(rhs)
            }
        }

        /// `a & b` is `a.and(b)`.
        impl<M, R> ::std::ops::BitAnd<R> for $ty<M>
        where
            $ty<M>: And<R>,
        {
            type Output = <Self as And<R>>::Output;
            fn bitand(self, rhs: R) -> Self::Output {
                self.and_filter(rhs)
            }
        }

        /// `a | b` is `a.or(b)`.
        impl<M, R> ::std::ops::BitOr<R> for $ty<M>
        where
            $ty<M>: Or<R>,
        {
            type Output = <Self as Or<R>>::Output;
            fn bitor(self, rhs: R) -> Self::Output {
                self.or_filter(rhs)
            }
        }
    )*};
}

// `&` binds tighter than `|`, as AND does in boolean algebra: `a & b | c` is `(a AND b) OR c`.
combinators!(Filter, All, Any);

/// A filter shape a query of model `M` accepts: [`Filter`], [`All`], [`Any`] or [`Nested`] of
/// the same model.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a filter on `{M}`",
    label = "a query of `{M}` takes filters built from `{M}`'s property handles",
    note = "filters carry their model: a filter built for one model cannot be used on another"
)]
pub trait IntoQueryFilter<M> {
    /// The filter as a query takes it.
    fn into_query_filter(self) -> QueryFilter<M>;
}

/// Marks what could follow a [`Nested`] filter: nothing, since Notion allows two levels only.
/// It has no implementations, so `Nested::and` / `Nested::or` never compile, with this message.
#[diagnostic::on_unimplemented(
    message = "a `Nested` filter cannot be combined further: Notion allows at most two levels of filter nesting",
    label = "this would nest filters three levels deep",
    note = "combine the conditions differently, e.g. `a.and(b).and(c.or(d))` is two levels"
)]
pub trait ThirdLevel<M> {
    /// Never called: the trait has no implementations.
    fn third_level(self, nested: Nested<M>) -> Nested<M>;
}

/// Never compiles: see [`ThirdLevel`].
impl<M, R: ThirdLevel<M>> ::std::ops::BitAnd<R> for Nested<M> {
    type Output = Nested<M>;
    fn bitand(self, rhs: R) -> Nested<M> {
        rhs.third_level(self)
    }
}

/// Never compiles: see [`ThirdLevel`].
impl<M, R: ThirdLevel<M>> ::std::ops::BitOr<R> for Nested<M> {
    type Output = Nested<M>;
    fn bitor(self, rhs: R) -> Nested<M> {
        rhs.third_level(self)
    }
}

impl<M> Nested<M> {
    /// Never compiles: see [`ThirdLevel`].
    pub fn and<R: ThirdLevel<M>>(self, rhs: R) -> Nested<M> {
        rhs.third_level(self)
    }

    /// Never compiles: see [`ThirdLevel`].
    pub fn or<R: ThirdLevel<M>>(self, rhs: R) -> Nested<M> {
        rhs.third_level(self)
    }
}

/// Any filter shape, as accepted by [`Query::filter`](super::Query::filter).
pub struct QueryFilter<M> {
    pub(crate) json: Value,
    model: PhantomData<fn() -> M>,
}

impl<M> QueryFilter<M> {
    /// The filter as Notion's JSON.
    pub fn to_json(&self) -> Value {
        self.json.clone()
    }
}

impl<M> fmt::Debug for QueryFilter<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueryFilter({})", self.json)
    }
}

impl<M> Clone for QueryFilter<M> {
    fn clone(&self) -> Self {
        QueryFilter {
            json: self.json.clone(),
            model: PhantomData,
        }
    }
}

macro_rules! into_query_filter {
    ($($ty:ident),*) => {$(
        impl<M> IntoQueryFilter<M> for $ty<M> {
            fn into_query_filter(self) -> QueryFilter<M> {
                QueryFilter { json: self.json_value(), model: PhantomData }
            }
        }
    )*};
}

into_query_filter!(Filter, All, Any, Nested);

#[cfg(test)]
mod tests {
    use super::*;

    struct Task;

    fn leaf(n: u8) -> Filter<Task> {
        Filter::raw(json!({"property": n.to_string(), "checkbox": {"equals": true}}))
    }

    #[test]
    fn chained_ands_stay_flat() {
        let f = leaf(1).and(leaf(2)).and(leaf(3));
        assert_eq!(f.to_json()["and"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn an_or_inside_an_and_nests_once() {
        let f = leaf(1).and(leaf(2).or(leaf(3)));
        assert_eq!(
            f.to_json(),
            json!({"and": [leaf(1).to_json(), {"or": [leaf(2).to_json(), leaf(3).to_json()]}]})
        );
    }

    #[test]
    fn any_of_builds_an_or_from_a_list() {
        let f = Any::of([leaf(1), leaf(2)]);
        assert_eq!(
            f.to_json(),
            json!({"or": [leaf(1).to_json(), leaf(2).to_json()]})
        );
    }
}
