//! The evaluation configuration: any text. What is accepted is in range
//! and writes JSON that reads back as the same configuration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seguimiento::Config;
use seguimiento_fuzz::check_message;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::from_json(text) {
        Ok(config) => {
            config
                .validate()
                .expect("an accepted configuration is in range");
            let json = config.to_json();
            let again = Config::from_json(&json)
                .unwrap_or_else(|e| panic!("a configuration's own JSON was refused: {e}\n{json}"));
            assert_eq!(again, config, "config → JSON → config changed it");
        }
        Err(e) => check_message(&e.to_string()),
    }
});
