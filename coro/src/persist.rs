//! Saving and restoring suspended coroutines, for `#[coro::coroutine(yield = Y, serde)]`.
//!
//! A saved coroutine is a struct of three fields:
//!
//! ```text
//! { "coroutine": "counter", "fingerprint": "5d0c8e3f2a9b7c41", "state": { "Suspend0": { "i_1": 3, "n_0": 10 } } }
//! ```
//!
//! `state` is the generated state enum: its variant is where the coroutine stands (`Start`, one
//! `SuspendN` per suspension point, `Done`), its fields are the locals kept there. The
//! fingerprint is a hash of the function's tokens, computed when the macro expands: a state saved
//! by one version of a body is refused by another, as a deserialization error, instead of being
//! resumed at a point that no longer means the same thing.
//!
//! The generated code implements [`PersistState`], [`SerializeState`] and [`DeserializeState`]
//! for its state enum, one small `match` each; everything that does not depend on the kept types
//! is here. The fields of a variant travel as a list built of pairs, `(a, (b, ()))`, so that one
//! generic visitor reads a variant of any length and the generated code only names the fields.
//!
//! A coroutine is restored into a template: [`FromFn`] holds the resume closure, which has no
//! name and no value but the one its function makes. The restore function the macro writes calls
//! the coroutine's shared inner function for a template and hands it out in a [`Restorer`],
//! which deserializes the state into it ([`RestoreState`]). A coroutine kept in another one's state (a `yield_from!` delegate) is
//! deserialized as a value; its state enum then makes the template itself ([`Template`]),
//! which it can do when its function has no generic parameters.

use core::any::Any;
use core::fmt;
use core::marker::PhantomData;

pub use serde;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::ser::{self, SerializeStruct, SerializeStructVariant};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{CoroState, FromFn, Location, Never};

/// The name, fingerprint and variant names of a generated state enum.
pub trait PersistState: CoroState + Sized {
    /// A hash of the coroutine's source, as 16 hexadecimal digits.
    const FINGERPRINT: &'static str;
    /// The names of the variants that can be saved, in order: `Start`, the suspension points,
    /// `Done`. The index of a name is the variant index of serde's data model.
    const VARIANTS: &'static [&'static str];
}

/// Serializes a generated state enum. Implemented when every kept type is `Serialize`.
pub trait SerializeState: PersistState {
    /// Serializes the state as an enum variant (see [`serialize_variant`]).
    fn serialize_state<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error>;
}

/// Deserializes a generated state enum. Implemented when every kept type is `Deserialize`.
pub trait DeserializeState<'de>: PersistState {
    /// Reads the variant at `index` of [`PersistState::VARIANTS`] (see [`struct_variant`]).
    fn deserialize_variant<A: VariantAccess<'de>>(
        index: usize,
        variant: A,
    ) -> Result<Self, A::Error>;
}

/// Makes a coroutine of this state type, to deserialize a state into: implemented by the state
/// enums of coroutine functions without generic parameters.
pub trait Template: PersistState {
    /// Calls `f` with `&mut Option<C>`, `C` being the coroutine type, holding a template.
    fn with_template(f: &mut dyn FnMut(&mut dyn Any));
}

/// Deserializes a saved state into an existing coroutine.
pub trait RestoreState {
    /// Replaces the coroutine's state by the one `deserializer` holds, after checking that it
    /// was saved from the same coroutine function with the same fingerprint.
    fn restore_from<'de, D: Deserializer<'de>>(&mut self, deserializer: D) -> Result<(), D::Error>;
}

impl<S: SerializeState, F> Serialize for FromFn<S, F> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        if self.state.location() == Location::Poisoned {
            return Err(cannot_save_poisoned::<S, Z::Error>());
        }
        let mut s = serializer.serialize_struct("Coroutine", 3)?;
        s.serialize_field("coroutine", S::NAME)?;
        s.serialize_field("fingerprint", S::FINGERPRINT)?;
        s.serialize_field("state", &StateRef(&self.state))?;
        s.end()
    }
}

/// Restores a coroutine saved with `#[coro::coroutine(serde)]`: what the function `NAME_restore`
/// the attribute writes beside the coroutine function `NAME` returns.
///
/// [`deserialize`](Restorer::deserialize) reads the saved coroutine from any serde
/// `Deserializer`, and checks that it was saved from the same coroutine function, built from the
/// same source, before it reads the state. A `Restorer` is also a [`DeserializeSeed`], to restore
/// a coroutine saved inside a larger structure.
///
/// ```text
/// let json = serde_json::to_string(&counter)?;
/// let counter = counter_restore().deserialize(&mut serde_json::Deserializer::from_str(&json))?;
/// ```
#[must_use = "a restorer does nothing until it deserializes a saved coroutine"]
pub struct Restorer<C> {
    template: C,
}

/// A restorer of coroutines like `template`, which is never resumed.
pub fn restorer<C: RestoreState>(template: C) -> Restorer<C> {
    Restorer { template }
}

impl<C: RestoreState> Restorer<C> {
    /// Reads a saved coroutine and returns it, ready to resume where it stood when it was saved.
    ///
    /// # Errors
    /// The deserializer's error if the data is not a saved coroutine of this function, or if it
    /// was saved by a build of a different source of the function (the fingerprints differ).
    pub fn deserialize<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<C, D::Error> {
        let mut coroutine = self.template;
        coroutine.restore_from(deserializer)?;
        Ok(coroutine)
    }
}

impl<'de, C: RestoreState> DeserializeSeed<'de> for Restorer<C> {
    type Value = C;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<C, D::Error> {
        Restorer::deserialize(self, deserializer)
    }
}

impl<C> fmt::Debug for Restorer<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Restorer")
    }
}

struct StateRef<'a, S>(&'a S);

impl<S: SerializeState> Serialize for StateRef<'_, S> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        self.0.serialize_state(serializer)
    }
}

impl<S: for<'de> DeserializeState<'de>, F> RestoreState for FromFn<S, F> {
    fn restore_from<'de, D: Deserializer<'de>>(&mut self, deserializer: D) -> Result<(), D::Error> {
        self.state = deserialize_saved::<S, D>(deserializer)?;
        Ok(())
    }
}

impl<'de, S, F> Deserialize<'de> for FromFn<S, F>
where
    S: DeserializeState<'de> + Template + 'static,
    F: 'static,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let state = deserialize_saved::<S, D>(deserializer)?;
        let mut found: Option<Self> = None;
        S::with_template(&mut |template: &mut dyn Any| {
            if let Some(slot) = template.downcast_mut::<Option<Self>>() {
                found = slot.take();
            }
        });
        match found {
            Some(mut coroutine) => {
                coroutine.state = state;
                Ok(coroutine)
            }
            None => Err(de::Error::custom(format_args!(
                "coroutine `{}` cannot be restored as a value",
                S::NAME
            ))),
        }
    }
}

/// Reads a saved coroutine: its name and fingerprint, checked, then its state.
fn deserialize_saved<'de, S: DeserializeState<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<S, D::Error> {
    deserializer.deserialize_struct("Coroutine", SAVED_FIELDS, SavedVisitor(PhantomData))
}

const SAVED_FIELDS: &[&str] = &["coroutine", "fingerprint", "state"];

struct SavedVisitor<S>(PhantomData<S>);

impl<'de, S: DeserializeState<'de>> Visitor<'de> for SavedVisitor<S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a saved `{}` coroutine", S::NAME)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<S, A::Error> {
        let missing = |i| de::Error::invalid_length(i, &"a name, a fingerprint and a state");
        seq.next_element_seed(Name::<S>(PhantomData))?
            .ok_or_else(|| missing(0))?;
        seq.next_element_seed(Fingerprint::<S>(PhantomData))?
            .ok_or_else(|| missing(1))?;
        seq.next_element_seed(StateSeed::<S>(PhantomData))?
            .ok_or_else(|| missing(2))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S, A::Error> {
        let mut seen = [false; 2];
        let mut state = None;
        while let Some(key) = map.next_key_seed(FieldIndex(SAVED_FIELDS))? {
            match key {
                0 | 1 if seen[key] => return Err(de::Error::duplicate_field(SAVED_FIELDS[key])),
                0 => {
                    map.next_value_seed(Name::<S>(PhantomData))?;
                    seen[0] = true;
                }
                1 => {
                    map.next_value_seed(Fingerprint::<S>(PhantomData))?;
                    seen[1] = true;
                }
                _ if state.is_some() => return Err(de::Error::duplicate_field("state")),
                _ if !(seen[0] && seen[1]) => {
                    return Err(de::Error::custom(
                        "the `state` of a saved coroutine must come after its `coroutine` and \
                         `fingerprint` fields, which say whether it can be read",
                    ));
                }
                _ => state = Some(map.next_value_seed(StateSeed::<S>(PhantomData))?),
            }
        }
        state.ok_or_else(|| {
            let missing = seen.iter().position(|s| !s).unwrap_or(2);
            de::Error::missing_field(SAVED_FIELDS[missing])
        })
    }
}

/// Checks the saved coroutine's name.
struct Name<S>(PhantomData<S>);

impl<'de, S: PersistState> DeserializeSeed<'de> for Name<S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<S: PersistState> Visitor<'_> for Name<S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the name of a coroutine function, `{}`", S::NAME)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<(), E> {
        if name == S::NAME {
            Ok(())
        } else {
            Err(E::custom(format_args!(
                "this is a saved `{name}` coroutine, not a `{}` one",
                S::NAME
            )))
        }
    }
}

/// Checks the saved coroutine's fingerprint.
struct Fingerprint<S>(PhantomData<S>);

impl<'de, S: PersistState> DeserializeSeed<'de> for Fingerprint<S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<S: PersistState> Visitor<'_> for Fingerprint<S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the fingerprint of a coroutine's source")
    }

    fn visit_str<E: de::Error>(self, fingerprint: &str) -> Result<(), E> {
        if fingerprint == S::FINGERPRINT {
            Ok(())
        } else {
            Err(E::custom(format_args!(
                "the saved `{name}` coroutine has fingerprint {fingerprint}, but `{name}` as \
                 built now has fingerprint {}: its source changed since it was saved, so the \
                 saved state cannot be resumed",
                S::FINGERPRINT,
                name = S::NAME,
            )))
        }
    }
}

/// Reads the state enum.
struct StateSeed<S>(PhantomData<S>);

impl<'de, S: DeserializeState<'de>> DeserializeSeed<'de> for StateSeed<S> {
    type Value = S;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S, D::Error> {
        deserializer.deserialize_enum(S::NAME, S::VARIANTS, self)
    }
}

impl<'de, S: DeserializeState<'de>> Visitor<'de> for StateSeed<S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the state of a `{}` coroutine", S::NAME)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S, A::Error> {
        let (index, variant) = data.variant_seed(FieldIndex(S::VARIANTS))?;
        S::deserialize_variant(index, variant)
    }
}

/// Reads a variant or field name (or its index) as its index in a list of names.
struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one of ")?;
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
        }
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        match usize::try_from(index) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(index), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| E::unknown_field(name, self.0))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<usize, E> {
        self.0
            .iter()
            .position(|n| n.as_bytes() == name)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Bytes(name), &self))
    }
}

/// The kept values of one variant, as a list of pairs of references: `(&a, (&b, ()))`.
pub trait SerializeFields {
    /// Serializes the values under `names`, one for one.
    fn serialize_fields<V: SerializeStructVariant>(
        self,
        variant: &mut V,
        names: &'static [&'static str],
    ) -> Result<(), V::Error>;
}

impl SerializeFields for () {
    fn serialize_fields<V: SerializeStructVariant>(
        self,
        _: &mut V,
        _: &'static [&'static str],
    ) -> Result<(), V::Error> {
        Ok(())
    }
}

impl<H: Serialize, T: SerializeFields> SerializeFields for (&H, T) {
    fn serialize_fields<V: SerializeStructVariant>(
        self,
        variant: &mut V,
        names: &'static [&'static str],
    ) -> Result<(), V::Error> {
        let Some((name, rest)) = names.split_first() else {
            return Err(ser::Error::custom(
                "a coroutine state has more values than names",
            ));
        };
        variant.serialize_field(name, self.0)?;
        self.1.serialize_fields(variant, rest)
    }
}

/// Serializes variant `index` of the state enum `S` with the kept values `fields` named `names`.
pub fn serialize_variant<S: PersistState, Z: Serializer, L: SerializeFields>(
    serializer: Z,
    index: u32,
    names: &'static [&'static str],
    fields: L,
) -> Result<Z::Ok, Z::Error> {
    let variant = S::VARIANTS.get(index as usize).copied().unwrap_or("");
    let mut v = serializer.serialize_struct_variant(S::NAME, index, variant, names.len())?;
    fields.serialize_fields(&mut v, names)?;
    v.end()
}

/// Serializes the variant `Done` of the state enum `S`, which keeps nothing.
pub fn serialize_done<S: PersistState, Z: Serializer>(
    serializer: Z,
    index: u32,
) -> Result<Z::Ok, Z::Error> {
    let variant = S::VARIANTS.get(index as usize).copied().unwrap_or("");
    serializer.serialize_unit_variant(S::NAME, index, variant)
}

/// The kept values of one variant as they are read: a list of pairs, `(a, (b, ()))`.
pub trait DeserializeFields<'de>: Sized {
    /// One `Option` per value, for values read by name in any order.
    type Slots: Default;
    /// Reads the values in order, the first at position `at`.
    fn from_seq<A: SeqAccess<'de>>(seq: &mut A, at: usize) -> Result<Self, A::Error>;
    /// Reads the value at `index` into its slot.
    fn read_slot<A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        names: &'static [&'static str],
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Every value, once all were read.
    fn from_slots<E: de::Error>(
        slots: Self::Slots,
        names: &'static [&'static str],
    ) -> Result<Self, E>;
}

impl<'de> DeserializeFields<'de> for () {
    type Slots = ();

    fn from_seq<A: SeqAccess<'de>>(_: &mut A, _: usize) -> Result<(), A::Error> {
        Ok(())
    }

    fn read_slot<A: MapAccess<'de>>(
        (): &mut (),
        _: usize,
        _: &'static [&'static str],
        _: &mut A,
    ) -> Result<(), A::Error> {
        Err(de::Error::custom(
            "a saved coroutine state has more values than names",
        ))
    }

    fn from_slots<E: de::Error>((): (), _: &'static [&'static str]) -> Result<(), E> {
        Ok(())
    }
}

impl<'de, H: Deserialize<'de>, T: DeserializeFields<'de>> DeserializeFields<'de> for (H, T) {
    type Slots = (Option<H>, T::Slots);

    fn from_seq<A: SeqAccess<'de>>(seq: &mut A, at: usize) -> Result<Self, A::Error> {
        let Some(head) = seq.next_element()? else {
            return Err(de::Error::invalid_length(at, &"every value kept there"));
        };
        Ok((head, T::from_seq(seq, at + 1)?))
    }

    fn read_slot<A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        names: &'static [&'static str],
        map: &mut A,
    ) -> Result<(), A::Error> {
        let Some((name, rest)) = names.split_first() else {
            return Err(de::Error::custom(
                "a coroutine state has more values than names",
            ));
        };
        if index > 0 {
            return T::read_slot(&mut slots.1, index - 1, rest, map);
        }
        if slots.0.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        slots.0 = Some(map.next_value()?);
        Ok(())
    }

    fn from_slots<E: de::Error>(
        slots: Self::Slots,
        names: &'static [&'static str],
    ) -> Result<Self, E> {
        let (name, rest) = names.split_first().map_or(("", names), |(n, r)| (*n, r));
        let Some(head) = slots.0 else {
            return Err(E::missing_field(name));
        };
        Ok((head, T::from_slots(slots.1, rest)?))
    }
}

/// The error for saving a poisoned state (the coroutine checks before it gets here).
#[must_use]
pub fn cannot_save_poisoned<S: PersistState, E: ser::Error>() -> E {
    E::custom(format_args!(
        "coroutine `{}` is poisoned (a panic escaped its resume) and cannot be saved",
        S::NAME
    ))
}

/// Reads a variant with fields, named `names`, as the list of its values.
pub fn struct_variant<'de, A: VariantAccess<'de>, L: DeserializeFields<'de>>(
    variant: A,
    names: &'static [&'static str],
) -> Result<L, A::Error> {
    variant.struct_variant(names, FieldsVisitor(names, PhantomData))
}

/// Reads a variant without fields.
pub fn unit_variant<'de, A: VariantAccess<'de>>(variant: A) -> Result<(), A::Error> {
    variant.unit_variant()
}

/// The error for a variant index that [`PersistState::VARIANTS`] has but the generated
/// `deserialize_variant` does not: never returned by generated code.
#[must_use]
pub fn no_such_variant<E: de::Error>(index: usize) -> E {
    E::custom(format_args!("no coroutine state has index {index}"))
}

struct FieldsVisitor<L>(&'static [&'static str], PhantomData<L>);

impl<'de, L: DeserializeFields<'de>> Visitor<'de> for FieldsVisitor<L> {
    type Value = L;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the values kept at a suspension point")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<L, A::Error> {
        L::from_seq(&mut seq, 0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<L, A::Error> {
        let mut slots = L::Slots::default();
        while let Some(index) = map.next_key_seed(FieldIndex(self.0))? {
            L::read_slot(&mut slots, index, self.0, &mut map)?;
        }
        L::from_slots(slots, self.0)
    }
}

/// The stand-in emitted next to a macro error saves as an error, so that callers still
/// type-check.
impl<R, Y, T> Serialize for Never<R, Y, T> {
    fn serialize<Z: Serializer>(&self, _: Z) -> Result<Z::Ok, Z::Error> {
        Err(ser::Error::custom(
            "a coroutine whose macro failed to expand cannot be saved",
        ))
    }
}

impl<R, Y, T> RestoreState for Never<R, Y, T> {
    fn restore_from<'de, D: Deserializer<'de>>(&mut self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(
            "a coroutine whose macro failed to expand cannot be restored",
        ))
    }
}

/// Asserts a kept local can be saved and restored, for `#[coro::coroutine(serde)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is kept across a suspension point of a `serde` coroutine, but it cannot be saved and restored",
    label = "this value is kept in the coroutine's state",
    note = "`#[coro::coroutine(serde)]` saves every kept value: it must implement `Serialize` and `DeserializeOwned` (own its data); make it so, or drop it before the suspension point"
)]
pub trait KeptSerde: Serialize + for<'de> Deserialize<'de> {}
impl<T: Serialize + for<'de> Deserialize<'de>> KeptSerde for T {}

/// See [`KeptSerde`].
#[inline]
pub fn assert_kept_serde<T: KeptSerde>(_: &T) {}
