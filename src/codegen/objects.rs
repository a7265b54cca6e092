//! Heap objects: constructors, tuples, arrays and closures (layouts from
//! `crate::abi`), and reading arrays by index.
//!
//! An object is allocated first and its fields are stored one by one. It is
//! rooted (`$gc_keep`) when its position keeps it, or when computing a field
//! may collect: then the object, and the fields already stored in it, must
//! survive that collection.

use super::func::{FnEmitter, LiftedKind, Position};
use super::wat::{a, c, get, i32c, n, set, W};
use super::{Import, Work};
use crate::abi::{self, is_pointer, val_type, ValType};
use crate::check::tir::{self, Expr, LocalId};
use crate::check::types::{AdtId, Type};

impl FnEmitter<'_, '_> {
    pub(super) fn construct(
        &mut self,
        adt: AdtId,
        targs: &[Type],
        tag: usize,
        args: &[Expr],
        pos: Position,
    ) -> Vec<W> {
        let def = &self.gen.program.adts[adt];
        let ctor = def.ctors[tag].name.clone();
        if args.is_empty() {
            // Nullary constructors are static words holding their tag.
            let addr = self.gen.tag_address(tag);
            return vec![n(
                format!("i32.const {}", addr),
                vec![a(format!("(; {} ;)", ctor))],
            )];
        }
        let fields = def.field_types(tag, targs);
        let layout = abi::ctor_layout(&fields);
        let comment = format!(
            "{}: {} bytes{}",
            ctor,
            layout.size,
            if fields.iter().any(is_pointer) {
                ""
            } else {
                ", no pointers"
            }
        );
        let tag_store = (abi::CTOR_TAG, i32c(tag as i64));
        self.object(
            &ctor.to_lowercase(),
            Some(comment),
            &fields,
            &layout,
            Some(tag_store),
            args,
            pos,
        )
    }

    pub(super) fn tuple(&mut self, items: &[Expr], pos: Position) -> Vec<W> {
        let types: Vec<Type> = items.iter().map(|i| self.ty(&i.ty)).collect();
        let layout = abi::tuple_layout(&types);
        self.object("tuple", None, &types, &layout, None, items, pos)
    }

    /// Allocate an object, store its header word (if any) and fields, leave its pointer.
    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        purpose: &str,
        comment: Option<String>,
        fields: &[Type],
        layout: &abi::Layout,
        header: Option<(u32, W)>,
        args: &[Expr],
        pos: Position,
    ) -> Vec<W> {
        self.gen.use_prelude("gc");
        let leaf = !fields.iter().any(is_pointer);
        let rooted = pos == Position::Kept || args.iter().any(|x| self.allocates(x));
        let obj = self.temp(purpose, ValType::I32);
        let mut out: Vec<W> = comment.into_iter().map(c).collect();
        out.push(set(&obj, self.alloc(layout.size, leaf, rooted)));
        if let Some((off, v)) = header {
            out.push(n(format!("i32.store offset={}", off), vec![get(&obj), v]));
        }
        for ((arg, t), off) in args.iter().zip(fields).zip(&layout.offsets) {
            // A field value is reachable as soon as it is stored.
            let v = self.expr(arg, Position::Consumed);
            if val_type(t).is_none() {
                out.extend(v);
                continue;
            }
            let v = self.single(v, t);
            out.push(super::func::store(t, *off, get(&obj), v));
        }
        out.push(get(&obj));
        vec![self.single(out, &Type::String)]
    }

    /// `$alloc(size, leaf)`, rooted on the shadow stack when asked.
    pub(super) fn alloc(&mut self, size: u32, leaf: bool, rooted: bool) -> W {
        self.gen.use_prelude("gc");
        let alloc = n("call $alloc", vec![i32c(size as i64), i32c(leaf as i64)]);
        if rooted && self.frame.is_some() {
            n("call $gc_keep", vec![alloc])
        } else {
            alloc
        }
    }

    pub(super) fn array(&mut self, items: &[Expr], ty: &Type, pos: Position) -> Vec<W> {
        let Type::Array(elem) = ty else {
            unreachable!("an array literal of a non-array type")
        };
        if items.is_empty() {
            let addr = self.gen.empty_array();
            return vec![n(
                format!("i32.const {}", addr),
                vec![a("(; the empty array ;)")],
            )];
        }
        let stride = abi::stride(elem);
        let size = abi::array_size(elem, items.len() as u32);
        let arr = self.temp("array", ValType::I32);
        let rooted = pos == Position::Kept || items.iter().any(|x| self.allocates(x));
        let mut out = vec![
            set(&arr, self.alloc(size, !is_pointer(elem), rooted)),
            n(
                format!("i32.store offset={}", abi::ARRAY_LENGTH),
                vec![get(&arr), i32c(items.len() as i64)],
            ),
        ];
        for (i, item) in items.iter().enumerate() {
            let v = self.expr(item, Position::Consumed);
            if val_type(elem).is_none() {
                out.extend(v);
                continue;
            }
            let v = self.single(v, elem);
            let off = abi::ARRAY_ELEMS + stride * i as u32;
            out.push(super::func::store(elem, off, get(&arr), v));
        }
        out.push(get(&arr));
        vec![self.single(out, ty)]
    }

    /// `base[index]`, checked against the length.
    pub(super) fn index(&mut self, base: &Expr, index: &Expr, elem: &Type) -> Vec<W> {
        let arr = self.temp("array", ValType::I32);
        let idx = self.temp("index", ValType::I64);
        let base_pos = if self.allocates(index) {
            Position::Kept
        } else {
            Position::Consumed
        };
        let b = self.value(base, base_pos);
        let i = self.value(index, Position::Consumed);
        let name_addr = self.gen.string(&self.display.clone());
        self.gen.import(Import::Bounds);
        let length = n(
            format!("i32.load offset={}", abi::ARRAY_LENGTH),
            vec![get(&arr)],
        );
        let check = n(
            "if",
            vec![
                n(
                    "i64.ge_u",
                    vec![get(&idx), n("i64.extend_i32_u", vec![length.clone()])],
                ),
                n(
                    "then",
                    vec![
                        n(
                            "call $vera.bounds",
                            vec![i32c(name_addr as i64), get(&idx), length],
                        ),
                        a("unreachable"),
                    ],
                ),
            ],
        );
        let addr = n(
            "i32.add",
            vec![
                get(&arr),
                n(
                    "i32.mul",
                    vec![
                        n("i32.wrap_i64", vec![get(&idx)]),
                        i32c(abi::stride(elem) as i64),
                    ],
                ),
            ],
        );
        let mut out = vec![set(&arr, b), set(&idx, i), check];
        if val_type(elem).is_some() {
            out.push(super::func::load(elem, abi::ARRAY_ELEMS, addr));
        }
        out
    }

    /// A closure: the lambda becomes a function in the table, and the closure
    /// object holds its index and the captured values.
    pub(super) fn closure(&mut self, l: &tir::Lambda, pos: Position) -> Vec<W> {
        let captures: Vec<(LocalId, Type)> =
            super::analysis::captures([&l.body], l.params.iter().copied())
                .into_iter()
                .map(|id| (id, self.local_ty(id)))
                .filter(|(_, t)| val_type(t).is_some())
                .collect();
        let name = self.gen.lifted_name(&format!(
            "{}.lambda",
            self.wasm_name.trim_start_matches('$')
        ));
        let index = self.table_entry(&name);
        let params: Vec<Type> = l.params.iter().map(|&p| self.local_ty(p)).collect();
        let ret = self.ty(&l.ret);
        self.gen.closure_type(&params, &ret);
        self.lift(
            name.clone(),
            LiftedKind::Lambda {
                lambda: Box::new(l.clone()),
                captures: captures.clone(),
            },
        );
        let types: Vec<Type> = captures.iter().map(|(_, t)| t.clone()).collect();
        let layout = abi::closure_layout(&types);
        let obj = self.temp("closure", ValType::I32);
        let rooted = pos == Position::Kept;
        let mut out = vec![
            c(format!("closure of {} ({} captured)", name, captures.len())),
            set(
                &obj,
                self.alloc(layout.size, !types.iter().any(is_pointer), rooted),
            ),
            n(
                format!("i32.store offset={}", abi::CLOSURE_FUNC),
                vec![get(&obj), i32c(index as i64)],
            ),
        ];
        for ((id, t), off) in captures.iter().zip(layout.offsets) {
            if let Some(local) = self.local(*id) {
                out.push(super::func::store(t, off, get(&obj), get(&local)));
            }
        }
        out.push(get(&obj));
        vec![self.single(out, &Type::String)]
    }

    /// Place a lifted function in the table; returns its index.
    pub(super) fn table_entry(&mut self, name: &str) -> usize {
        self.gen.table.push(name.to_string());
        self.gen.table.len() - 1
    }

    /// Queue a lifted function for emission.
    pub(super) fn lift(&mut self, name: String, kind: LiftedKind) {
        self.gen
            .queue
            .push_back(Work::Lambda(Box::new(super::func::Lifted {
                name,
                func: self.func_id,
                subst: self.subst.clone(),
                display: self.display.clone(),
                kind,
            })));
    }
}
