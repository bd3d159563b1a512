//! Output language and bilingual text.
//!
//! Every sentence wjvet shows a person exists in Chinese and English. Rather than a
//! message catalogue keyed by strings, user-facing text travels as [`Text`] (both
//! languages side by side) and is resolved to one language only at the renderer, so
//! the library never has to know who is reading.

use serde::Serialize;

/// The language of everything wjvet writes for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 中文 (the default for zh_* locales).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the language from the OS's locale: a BCP 47 tag as `sys_locale` returns it
    /// (`zh-CN`, `zh-Hans-CN` from a Chinese Windows, macOS or `LANG=zh_CN.UTF-8`) or a
    /// POSIX string such as `zh_CN.UTF-8`. Chinese for `zh*`, English for anything else,
    /// including an unset or `C` locale (a CI runner).
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.trim().to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// Chooses between a Chinese and an English literal.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A sentence in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// In Chinese.
    pub zh: String,
    /// In English.
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh: zh.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

/// Builds a [`Text`] from two `format!` argument lists sharing the same variables.
#[macro_export]
macro_rules! text {
    ($zh:expr, $en:expr $(,)?) => {
        $crate::lang::Text::new(format!($zh), format!($en))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("zh_TW")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("de_DE")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }

    /// The tags `sys_locale::get_locale` returns: Windows UI languages, macOS
    /// preferences, and POSIX variables turned into BCP 47.
    #[test]
    fn os_locale_tags_pick_language() {
        for zh in ["zh-CN", "zh-Hans-CN", "zh-Hant-TW", "zh-HK", "zh", "ZH-cn"] {
            assert_eq!(Lang::from_locale(Some(zh)), Lang::Zh, "{zh}");
        }
        for en in ["en-US", "en-GB", "fr-FR", "ja-JP", "C", "POSIX", ""] {
            assert_eq!(Lang::from_locale(Some(en)), Lang::En, "{en}");
        }
    }

    #[test]
    fn text_macro_formats_both() {
        let n = 3;
        let t = text!("{n} 行", "{n} rows");
        assert_eq!(t.get(Lang::Zh), "3 行");
        assert_eq!(t.get(Lang::En), "3 rows");
    }
}
