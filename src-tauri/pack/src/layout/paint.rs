//! How text and shapes are painted: a face's weight and an RGB colour, shared by the page
//! layout, the structure it records and the Word document's charts.

use printpdf::{Color, Rgb};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// An RGB colour, each part from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

impl Colour {
    pub fn pdf(self) -> Color {
        Color::Rgb(Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}
