//! Colors of rich-text annotations, select/status options and status groups.

use super::de::open_string_enum;

open_string_enum! {
    /// A Notion color. Text annotations also use the `*_background` variants; options use the
    /// plain ones. Unknown colors decode into [`Color::Other`].
    #[derive(Default)]
    pub enum Color {
        /// `default`
        #[default]
        Default = "default",
        /// `gray`
        Gray = "gray",
        /// `brown`
        Brown = "brown",
        /// `orange`
        Orange = "orange",
        /// `yellow`
        Yellow = "yellow",
        /// `green`
        Green = "green",
        /// `blue`
        Blue = "blue",
        /// `purple`
        Purple = "purple",
        /// `pink`
        Pink = "pink",
        /// `red`
        Red = "red",
        /// `default_background`
        DefaultBackground = "default_background",
        /// `gray_background`
        GrayBackground = "gray_background",
        /// `brown_background`
        BrownBackground = "brown_background",
        /// `orange_background`
        OrangeBackground = "orange_background",
        /// `yellow_background`
        YellowBackground = "yellow_background",
        /// `green_background`
        GreenBackground = "green_background",
        /// `blue_background`
        BlueBackground = "blue_background",
        /// `purple_background`
        PurpleBackground = "purple_background",
        /// `pink_background`
        PinkBackground = "pink_background",
        /// `red_background`
        RedBackground = "red_background",
    }
}
