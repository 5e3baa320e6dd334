//! The attribute store: every element's attributes, one store per
//! [`Dom`](crate::Dom), not a list per element (issue 15). A parse made an
//! allocation per element with attributes (≈185 instructions, and 16 bytes
//! of header plus malloc's rounding); it now writes them into the store.
//!
//! An element's attributes are a block of slots (`node::AttrList`): `len`
//! attributes in a block of `len.next_power_of_two()` slots, the rest
//! placeholders, so that an attribute added goes in place until the block
//! is full, and then to a block twice the size (amortized O(1), as a `Vec`).
//!
//! The store is made of segments of up to [`SEGMENT`] slots that are
//! never moved or grown (a block bigger than that has a segment of its
//! own): one
//! `Vec` grown by doubling was copied into fresh memory at each doubling,
//! and the page faults of that cost more than the allocations it saved.
//! Segments start small and double with the store; once a store holds
//! [`HUGE_FROM`] live slots (a document of some 16,000 attributes), the next
//! segment is a whole [`SEGMENT`] (6 MiB, a slot short), and the engine is told of it
//! (`Dom::on_attr_store_growth`) so that it can ask for huge pages: a
//! parse writes its attributes in one sweep, and with 4 KiB pages each
//! 85 of them took a page fault, some 300 per 1 MB parse of
//! `parse.html` (two thirds of a parse's page faults; issue 15).
//!
//! Blocks left behind (by a move, a removal, or a released document) are
//! dead until the store is compacted: `Dom::compact_attrs_if_sparse` moves
//! every live block to a new store once more than half of the slots are
//! dead, so the store stays within twice its live size.

use compact_str::CompactString;
use markup5ever::{QualName, local_name, ns};

use crate::node::{Attr, AttrList};

/// Slots per segment, as a shift.
const SEGMENT_SHIFT: u32 = 17;
/// Slots per segment at most: 131,072 attributes (6 MiB, three huge
/// pages whatever its alignment). A block's start is its segment's index
/// and its offset in 32 bits: up to 32,768 segments.
const SEGMENT: usize = 1 << SEGMENT_SHIFT;

/// Slots of a segment of a store below [`HUGE_FROM`] at most: 1,024
/// attributes (48 KiB), below malloc's mmap threshold, so that a segment
/// freed by a compaction is reused by the next.
const SMALL_SEGMENT: usize = 1 << 10;

/// A store whose blocks hold this many live slots (768 KiB of
/// attributes) makes its next segment a whole [`SEGMENT`], which it
/// reports (`AttrStore::growth`); smaller ones (every ordinary page's)
/// grow by doubling, up to [`SMALL_SEGMENT`]. Live, not reserved: a page
/// that keeps adding and removing attributes holds dead slots until a
/// compaction, and would reserve 6 MiB for a few hundred live ones.
const HUGE_FROM: usize = 1 << 14;

/// Slots of the first segment.
const FIRST_SEGMENT: usize = 4;

#[derive(Debug, Default, Clone)]
pub(crate) struct AttrStore {
    segments: Vec<Vec<Attr>>,
    /// The segment small blocks are put in: the last one of at most
    /// [`SEGMENT`] slots.
    current: Option<usize>,
    /// Slots in blocks, live or dead, and the unused ends of full segments.
    slots: usize,
    /// Slots of those no element holds.
    dead: usize,
    /// Slots the segments hold memory for.
    capacity: usize,
    /// Told of each whole [`SEGMENT`] made, before anything is written
    /// there (`Dom::on_attr_store_growth`).
    pub(crate) growth: Option<crate::dom::ArenaGrowth>,
}

/// What a slot no element's attribute is in holds: static atoms and an
/// inline empty value, which own no memory.
pub(crate) fn placeholder() -> Attr {
    Attr {
        name: QualName::new(None, ns!(), local_name!("")),
        value: CompactString::const_new(""),
    }
}

/// A block's segment and offset, from its start.
#[inline]
fn split(start: u32) -> (usize, usize) {
    (
        (start >> SEGMENT_SHIFT) as usize,
        (start & (SEGMENT as u32 - 1)) as usize,
    )
}

/// A block's start, from its segment and offset (below [`SEGMENT`], or 0).
/// 2^22 segments of 1,024 slots (192 GiB of attributes) are past any
/// memory cap.
fn join(segment: usize, offset: usize) -> u32 {
    u32::try_from(segment)
        .ok()
        .and_then(|s| s.checked_mul(SEGMENT as u32))
        .map(|s| s | offset as u32)
        .unwrap_or_else(|| panic!("attribute store full"))
}

fn list_len(len: usize) -> u32 {
    u32::try_from(len).unwrap_or_else(|_| panic!("attribute store full"))
}

impl AttrStore {
    /// The attributes of `list`.
    #[inline]
    pub(crate) fn get(&self, list: &AttrList) -> &[Attr] {
        if list.len == 0 {
            return &[];
        }
        let (segment, offset) = split(list.start);
        &self.segments[segment][offset..offset + list.len as usize]
    }

    /// The attributes of `list`, to change in place.
    pub(crate) fn get_mut(&mut self, list: &AttrList) -> &mut [Attr] {
        if list.len == 0 {
            return &mut [];
        }
        let (segment, offset) = split(list.start);
        &mut self.segments[segment][offset..offset + list.len as usize]
    }

    /// Bytes the store holds memory for.
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.capacity * std::mem::size_of::<Attr>()
            + self.segments.capacity() * std::mem::size_of::<Vec<Attr>>()
    }

    /// Bytes of the slots in live blocks.
    pub(crate) fn live_bytes(&self) -> usize {
        (self.slots - self.dead) * std::mem::size_of::<Attr>()
    }

    /// Whether more than half of the slots are dead, and more than a
    /// small segment and a quarter of `nodes` (the arena's length): a compaction
    /// walks the whole arena, so it waits for that many dead slots (12
    /// bytes per node at most), and costs O(1) per slot that died.
    pub(crate) fn is_sparse(&self, nodes: usize) -> bool {
        self.dead > SMALL_SEGMENT.max(nodes / 4) && self.dead * 2 > self.slots
    }

    /// A new block holding `attrs` (none for no attributes).
    pub(crate) fn new_list(&mut self, attrs: impl ExactSizeIterator<Item = Attr>) -> AttrList {
        let len = attrs.len();
        if len == 0 {
            return AttrList::default();
        }
        let cap = len.next_power_of_two();
        let (segment, offset) = self.reserve_block(cap);
        let slots = &mut self.segments[segment];
        slots.extend(attrs);
        slots.resize_with(offset + cap, placeholder);
        AttrList {
            start: join(segment, offset),
            len: list_len(len),
        }
    }

    /// A new block holding the tokenizer's `attrs` (at least one), moved
    /// out of the list, which is left empty; with the bytes of their
    /// values. A loop of its own: `new_list` through a `Drain` and a
    /// `Map` cost the parser some 40 instructions more per element.
    #[inline]
    pub(crate) fn new_list_from_tokens(
        &mut self,
        attrs: &mut Vec<markup5ever::Attribute>,
    ) -> (AttrList, usize) {
        let len = attrs.len();
        let cap = len.next_power_of_two();
        let (segment, offset) = self.reserve_block(cap);
        let slots = &mut self.segments[segment];
        let mut bytes = 0;
        for a in attrs.drain(..) {
            bytes += a.value.len();
            slots.push(Attr {
                name: a.name,
                value: crate::node::compact(&a.value),
            });
        }
        if cap > len {
            slots.resize_with(offset + cap, placeholder);
        }
        let list = AttrList {
            start: join(segment, offset),
            len: list_len(len),
        };
        (list, bytes)
    }

    /// Where a new block of `cap` slots goes: a segment with room for it
    /// past its end, and that end. The current segment's room is looked at
    /// inline (every parsed element with attributes comes here).
    #[inline]
    fn reserve_block(&mut self, cap: usize) -> (usize, usize) {
        if let Some(current) = self.current {
            let segment = &self.segments[current];
            if segment.len() + cap <= segment.capacity().min(SEGMENT) {
                self.slots += cap;
                return (current, segment.len());
            }
        }
        self.reserve_block_in_new_segment(cap)
    }

    #[inline(never)]
    fn reserve_block_in_new_segment(&mut self, cap: usize) -> (usize, usize) {
        self.slots += cap;
        if cap >= SEGMENT {
            self.segments.push(Vec::with_capacity(cap));
            self.capacity += cap;
            return (self.segments.len() - 1, 0);
        }
        if let Some(current) = self.current {
            let segment = &self.segments[current];
            let (used, size) = (segment.len(), segment.capacity().min(SEGMENT));
            if used + cap <= size {
                return (current, used);
            }
            // The segment's end stays unused.
            self.slots += size - used;
            self.dead += size - used;
        }
        // Small at first (a page with a few attributes holds a few KiB),
        // then as big as the store, and past `HUGE_FROM` a whole segment.
        let size = if self.slots - self.dead >= HUGE_FROM {
            // One slot short: with malloc's header the block maps exactly
            // 6 MiB, which the kernel aligns on a huge page (Linux 6.7 on:
            // anonymous mappings of a multiple of 2 MiB). A whole segment
            // mapped 6 MiB and a page, 4 KiB-aligned: its first and last
            // partial huge pages, 2 MiB in all, took 4 KiB page faults.
            SEGMENT - 1
        } else {
            self.capacity.clamp(FIRST_SEGMENT, SMALL_SEGMENT).max(cap)
        };
        let segment: Vec<Attr> = Vec::with_capacity(size);
        if size == SEGMENT - 1
            && let Some(growth) = self.growth
        {
            growth(
                segment.as_ptr() as usize,
                size * std::mem::size_of::<Attr>(),
            );
        }
        self.segments.push(segment);
        self.capacity += size;
        let current = self.segments.len() - 1;
        self.current = Some(current);
        (current, 0)
    }

    /// Appends `attr` to `list`: in its block while there is room, else
    /// in place past the current segment's end, else in a new block twice
    /// the size.
    pub(crate) fn push(&mut self, list: &mut AttrList, attr: Attr) {
        let len = list.len as usize;
        let cap = list.cap();
        let grown = (len + 1).next_power_of_two();
        if len > 0 {
            let (segment, offset) = split(list.start);
            if len < cap {
                self.segments[segment][offset + len] = attr;
                list.len += 1;
                return;
            }
            let slots = &mut self.segments[segment];
            if self.current == Some(segment)
                && offset + cap == slots.len()
                && offset + grown <= slots.capacity().min(SEGMENT)
            {
                slots.resize_with(offset + grown, placeholder);
                slots[offset + len] = attr;
                self.slots += grown - cap;
                list.len += 1;
                return;
            }
        }
        let mut moved: Vec<Attr> = self
            .get_mut(list)
            .iter_mut()
            .map(|a| std::mem::replace(a, placeholder()))
            .collect();
        moved.push(attr);
        self.dead += cap;
        *list = self.new_list(moved.into_iter());
    }

    /// Takes attribute `index` (below its length) out of `list`.
    pub(crate) fn remove(&mut self, list: &mut AttrList, index: usize) -> Attr {
        let cap = list.cap();
        let slots = &mut self.get_mut(list)[index..];
        let attr = std::mem::replace(&mut slots[0], placeholder());
        slots.rotate_left(1);
        list.len -= 1;
        // A smaller block leaves the rest of the old one behind.
        self.dead += cap - list.cap();
        if list.len == 0 {
            list.start = 0;
        }
        attr
    }

    /// Drops the attributes of a block no element holds any more (a
    /// released element's), and returns how many bytes their values held.
    pub(crate) fn free(&mut self, list: &AttrList) -> usize {
        if list.len == 0 {
            return 0;
        }
        let mut bytes = 0;
        for slot in self.get_mut(list) {
            bytes += slot.value.len();
            *slot = placeholder();
        }
        self.dead += list.cap();
        bytes
    }
}
