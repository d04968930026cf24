//! GeoJSON (RFC 7946: WGS84, [lon, lat], 6 decimals). Unresolved incidents
//! are Features with a null geometry, never dropped.

use std::io::Write;

use geojson::{Feature, Geometry, JsonObject};

use crate::model::Located;
use crate::records::{IncidentRecord, round6};

fn properties<T: serde::Serialize>(rec: &T) -> JsonObject {
    match serde_json::to_value(rec) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => JsonObject::new(),
    }
}

/// One incident as a Feature (null geometry when unlocated).
fn incident_feature(l: &Located) -> Feature {
    let rec = IncidentRecord::from(l);
    Feature {
        bbox: None,
        geometry: l
            .point()
            .map(|p| Geometry::new_point(vec![round6(p.lon), round6(p.lat)])),
        id: None,
        properties: Some({
            let mut m = properties(&rec);
            m.remove("lon");
            m.remove("lat");
            m
        }),
        foreign_members: None,
    }
}

pub fn write_incidents(
    out: &mut (impl Write + ?Sized),
    located: &[Located],
) -> std::io::Result<()> {
    let mut fw = super::layers::FeatureWriter::new(out)?;
    fw.features_par(located, |l| Some(incident_feature(l)))?;
    fw.finish()
}
