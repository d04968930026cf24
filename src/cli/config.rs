//! incimap.toml: defaults a team shares for `incimap map`. Command-line flags
//! override it. Read from --config FILE, else ./incimap.toml when present.
//!
//! ```toml
//! radius_km = 10        # DBSCAN radius
//! min_points = 3
//! bandwidth_km = 10     # heat layer
//! map_size = "1600x1200"
//! max_maps = 8          # theatre maps at most
//! country = "SY"        # context for text without headings
//! gazetteer = ["gazetteer/extra/SY.txt"]
//! dedup = true
//! [[theatre]]           # extra maps, besides the automatic theatres
//! name = "Euphrates valley"
//! extent = [38.0, 33.5, 42.5, 37.0]   # W, S, E, N
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub radius_km: Option<f64>,
    pub min_points: Option<usize>,
    pub bandwidth_km: Option<f64>,
    pub map_size: Option<String>,
    pub max_maps: Option<usize>,
    pub country: Option<String>,
    #[serde(default)]
    pub gazetteer: Vec<PathBuf>,
    pub dedup: Option<bool>,
    #[serde(default, rename = "theatre")]
    pub theatres: Vec<Theatre>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theatre {
    pub name: String,
    pub extent: [f64; 4],
}

impl Config {
    /// `--config FILE` (must exist), else ./incimap.toml if it exists, else defaults.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None if Path::new("incimap.toml").is_file() => PathBuf::from("incimap.toml"),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path).map_err(|e| crate::error::Error::io(&path, e))?;
        let c: Config =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        for t in &c.theatres {
            let [w, s, e, n] = t.extent;
            if !(w < e && s < n && w >= -180.0 && e <= 180.0 && s >= -90.0 && n <= 90.0) {
                anyhow::bail!(
                    "{}: theatre '{}': extent must be [W, S, E, N] with W < E and S < N",
                    path.display(),
                    t.name
                );
            }
        }
        Ok(c)
    }
}
