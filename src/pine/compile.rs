//! pinejs-client-core `compile(params)`: `resource[/$count][(id)][/action][?options]`.

use super::error::{PineError, Result};
use super::escape::{write_alias_ref, write_resource, write_value};
use super::filter::Scope;
use super::js::{
    each_entry, get, has_own, is_object, own_entries, own_keys, starts_with_byte, write_string,
};
use super::js_str::{Append, JsStr};
use super::options::{count_not_alone, is_valid_option, write_option, OptionKind};
use super::slice::slice;
use super::value::{Object, ObjectText, Value};
use crate::prelude::*;
use alloc::borrow::Cow;

/// Compiles a pine request (`{resource, id?, action?, options?}`) into the
/// URL pinejs-client-core 8.5.40 would build, or the error it would throw.
pub fn compile(params: &Value) -> Result<String> {
    compile_parts(params).map(|compiled| compiled.url.into_text())
}

/// A compiled request URL and where its path ends.
pub struct Compiled {
    /// What pinejs-client-core returns: [`compile`]'s text, with the lone
    /// surrogates that strings copied verbatim brought along.
    pub url: JsStr,
    /// Where `/$count` starts, when the options asked for it.
    count_at: Option<usize>,
    /// Where the options start (the URL's length when there are none).
    path_end: usize,
}

impl Compiled {
    /// The URL that the params compile to without their `options`:
    /// `resource[(id)][/action]`.
    pub fn path(&self) -> Cow<'_, str> {
        let path = slice(self.url.as_str(), ..self.path_end);
        match self.count_at {
            None => Cow::Borrowed(path),
            Some(at) => {
                Cow::Owned([slice(path, ..at), slice(path, at + "/$count".len()..)].concat())
            }
        }
    }
}

/// [`compile`], also telling where the path ends, so that the path need not
/// be compiled again.
pub fn compile_parts(params: &Value) -> Result<Compiled> {
    if !is_object(params) {
        return Err(PineError::new("Params must be an object."));
    }
    if !get(params, "url").is_nullish() {
        return Err(PineError::new(
            "Passing `url` to `compile` has been removed, please use a query object or the url directly instead.",
        ));
    }
    let resource = get(params, "resource");
    let resource_text = match resource {
        Value::Undefined | Value::Null => {
            return Err(PineError::new("The resource must be specified."))
        }
        Value::String(s) => s.as_str(),
        // A String object has `endsWith`; escapeResource refuses it below.
        Value::Object(Object {
            text: ObjectText::StringObject(text),
            ..
        }) => text.as_str(),
        _ => {
            return Err(PineError::type_error(
                "params.resource.endsWith is not a function",
            ))
        }
    };
    if resource_text.ends_with("/$count") {
        return Err(PineError::new(
            "`resource: 'a/$count'` has been removed, please use `options: { $count: { ... } }` instead.",
        ));
    }
    let mut url = JsStr::with_capacity(128);
    write_resource(&mut url, resource)?;

    let mut options = get(params, "options");
    let mut count_at = None;
    if !options.is_nullish() && has_own(options, "$count") {
        let keys = own_keys(options);
        if keys.len() > 1 {
            return Err(count_not_alone(OptionKind::Expand, &keys));
        }
        count_at = Some(url.len());
        url.push_str("/$count");
        options = get(options, "$count");
    }

    if has_own(params, "id") {
        url.push('(');
        write_id(&mut url, get(params, "id"))?;
        url.push(')');
    }
    if has_own(params, "action") {
        url.push('/');
        write_string(&mut url, get(params, "action"))?;
    }

    let path_end = url.len();
    let mut separator = '?';
    each_entry(options, |key, value| {
        if starts_with_byte(key.as_str(), b'$') && !is_valid_option(key.as_str()) {
            return Err(PineError::around_key("Unknown odata option '", key, "'"));
        }
        url.push(separator);
        separator = '&';
        write_option(&mut url, key, value, Scope::default())
    })?;
    if !get(params, "customOptions").is_nullish() {
        return Err(PineError::new(
            "`customOptions` has been removed, use `options` instead.",
        ));
    }
    Ok(Compiled {
        url,
        count_at,
        path_end,
    })
}

/// The id between the parentheses: a value, `@alias`, or `key=value,…`.
fn write_id(out: &mut JsStr, id: &Value) -> Result<()> {
    if id.is_nullish() {
        return Err(PineError::new(
            "If the id property is set it must be non-null",
        ));
    }
    if !is_object(id) || matches!(id, Value::Date(_)) {
        return write_value(out, id);
    }
    if has_own(id, "@") {
        return write_alias_ref(out, get(id, "@"));
    }
    for (i, (key, value)) in own_entries(id).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_js(&key);
        out.push('=');
        if is_object(&value) && has_own(&value, "@") {
            write_alias_ref(out, get(&value, "@"))?;
        } else {
            write_value(out, &value)?;
        }
    }
    Ok(())
}
