//! The release calendar as a user meets it in the real window: a freeze
//! window and a train made through their screens, a change that lands in the
//! freeze, "next free slot" clearing it, a change dragged to another day, and
//! the calendar exported as ICS. Screenshots of month, week and timeline.

// Tests stop loudly on a failed setup; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate, Utc};
use signalbox_e2e::{cli, App};

fn day(offset: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(offset)
}

#[tokio::test]
async fn plan_a_train_hit_a_freeze_find_a_slot_drag_and_export() {
    let move_day = day(2);
    let app = App::start_with(|dir| {
        cli(dir, &["whoami", "Erin Example"]);
        cli(
            dir,
            &[
                "environments",
                "add",
                "--name",
                "staging",
                "--position",
                "0",
                "--time-zone",
                "UTC",
            ],
        );
        cli(
            dir,
            &[
                "environments",
                "add",
                "--name",
                "production",
                "--position",
                "1",
                "--production",
                "--quota",
                "2",
                "--time-zone",
                "UTC",
            ],
        );
        cli(
            dir,
            &["services", "add", "--name", "ledger", "--tier", "critical"],
        );
        cli(dir, &["services", "add", "--name", "checkout"]);
        cli(
            dir,
            &[
                "windows",
                "add",
                "--kind",
                "maintenance",
                "--name",
                "Nightly",
                "--tz",
                "UTC",
                "--start",
                "2026-01-01T01:00",
                "--duration",
                "4h",
                "--rrule",
                "FREQ=DAILY",
                "--env",
                "production",
            ],
        );
        let start = format!("{move_day}T10:00:00Z");
        let end = format!("{move_day}T11:00:00Z");
        cli(
            dir,
            &[
                "changes",
                "add",
                "--title",
                "Move me",
                "--service",
                "checkout",
                "--env",
                "staging",
                "--start",
                &start,
                "--end",
                &end,
            ],
        );
    })
    .await;

    // A hard freeze tomorrow, through the windows screen, with its preview.
    app.click("[data-nav=windows]").await;
    app.click("[data-testid=new-window]").await;
    app.fill(
        "[data-testid=window-form] input[name=name]",
        "Launch freeze",
    )
    .await;
    app.select_text("[data-testid=window-form] select[name=time_zone]", "UTC")
        .await;
    app.set_value(
        "[data-testid=window-form] input[name=start]",
        &format!("{}T00:00", day(1)),
    )
    .await;
    app.fill("[data-testid=window-form] input[name=duration]", "1d")
        .await;
    app.wait_texts(
        "[data-testid=preview-occurrence]",
        "the preview of the freeze",
        |t| !t.is_empty(),
    )
    .await;
    app.screenshot("10-window-editor").await;
    app.click("[data-testid=save-window]").await;
    app.wait_texts(
        "[data-testid=window-row]",
        "the new freeze in the list",
        |t| t.iter().any(|r| r.contains("Launch freeze")),
    )
    .await;

    // A train with a production target.
    app.click("[data-nav=trains]").await;
    app.click("[data-testid=new-train]").await;
    app.fill(
        "[data-testid=train-form] input[name=name]",
        "December train",
    )
    .await;
    app.set_value(
        "[data-testid=train-form] input[name=target-production]",
        &day(3).to_string(),
    )
    .await;
    app.click("[data-testid=save-train]").await;
    app.wait_texts("[data-testid=train-row]", "the new train", |t| {
        t.iter().any(|r| r.contains("December train"))
    })
    .await;
    app.screenshot("11-trains").await;

    // The calendar, in UTC.
    app.click("[data-nav=calendar]").await;
    app.find("[data-testid=month-view]").await;
    app.set_value("[data-testid=cal-zone]", "UTC").await;

    // A production change tomorrow at 02:00 lands in the freeze.
    app.click("[data-testid=new-change]").await;
    app.fill("[data-testid=change-form] [name=title]", "Deploy ledger")
        .await;
    app.fill("[data-testid=change-services-input]", "ledger")
        .await;
    app.click("[data-testid=change-services-option]").await;
    app.select_text(
        "[data-testid=change-form] [name=environment_id]",
        "production (production)",
    )
    .await;
    app.set_value(
        "[data-testid=change-form] [name=start]",
        &format!("{}T02:00", day(1)),
    )
    .await;
    app.set_value(
        "[data-testid=change-form] [name=end]",
        &format!("{}T03:00", day(1)),
    )
    .await;
    let conflicts = app
        .wait_texts("[data-testid=conflict-item]", "the freeze conflict", |t| {
            t.iter().any(|c| c.contains("Launch freeze"))
        })
        .await;
    assert!(
        conflicts.iter().any(|c| c.contains("ledger")),
        "{conflicts:?}"
    );
    let severity = app
        .eval_on(
            "[data-testid=conflict-item]",
            "return arguments[0].dataset.severity",
        )
        .await;
    assert_eq!(severity, serde_json::json!("error"));
    app.screenshot("12-change-in-freeze").await;

    // "Next free slot" proposes the first night after the freeze; choosing it clears the error.
    app.click("[data-testid=next-free-slot]").await;
    app.find("[data-testid=slot-option]").await;
    let slot = app
        .eval_on(
            "[data-testid=slot-option]",
            "return arguments[0].dataset.start",
        )
        .await;
    // The earliest production slot inside the nightly window that is not in
    // tomorrow's freeze (tonight's window may still have room).
    let slot = slot.as_str().unwrap_or_default().to_string();
    assert!(
        !slot.starts_with(&day(1).to_string()),
        "slot in the freeze: {slot}"
    );
    let hour: u32 = slot[11..13].parse().unwrap();
    assert!(
        (1..=4).contains(&hour),
        "slot outside the nightly window: {slot}"
    );
    app.click("[data-testid=slot-option]").await;
    app.wait_texts(
        "[data-testid=conflict-summary]",
        "no blocking conflicts",
        |t| t.len() == 1 && t[0].contains("No conflicts"),
    )
    .await;
    app.click("[data-testid=save-change]").await;
    app.wait_texts("[data-testid=change-form]", "the editor to close", |t| {
        t.is_empty()
    })
    .await;
    app.wait_texts(
        "[data-testid=change-chip]",
        "the saved change on the month",
        |t| t.iter().any(|c| c.contains("Deploy ledger")),
    )
    .await;
    app.screenshot("13-calendar-month").await;

    // Week view: drag "Move me" one day later.
    app.click("[data-testid=view-week]").await;
    app.find("[data-testid=week-view]").await;
    let block = "[data-testid=change-block][aria-label*='Move me']";
    if app.all(block).await.is_empty() {
        app.click("[data-testid=cal-next]").await;
    }
    app.find(block).await;
    let width = app
        .eval_on(
            "[data-testid=week-day]",
            "return arguments[0].getBoundingClientRect().width",
        )
        .await
        .as_f64()
        .unwrap();
    app.screenshot("14-calendar-week").await;
    // One day later, unless the change sits in the week's last column.
    let days = app
        .eval_on(
            "[data-testid=week-view]",
            "return [...arguments[0].querySelectorAll('[data-testid=week-day]')].map((d) => d.dataset.day)",
        )
        .await;
    let last = days.as_array().and_then(|d| d.last()).cloned();
    let (dx, target) = if last == Some(serde_json::json!(move_day.to_string())) {
        (-width, move_day - Duration::days(1))
    } else {
        (width, move_day + Duration::days(1))
    };
    app.drag_by(block, dx, 0.0).await;
    app.find("[data-testid=undo-toast]").await;
    let moved = app
        .eval_on(block, "return arguments[0].dataset.start")
        .await;
    assert_eq!(
        moved,
        serde_json::json!(format!("{target}T10:00:00Z")),
        "moved one day"
    );
    // Stored, not just drawn: read it back through the CLI.
    let from = format!("{}T00:00:00Z", day(0));
    let to = format!("{}T00:00:00Z", day(10));
    let listed = cli(
        app.data_dir.path(),
        &["--json", "changes", "list", "--from", &from, "--to", &to],
    );
    let changes: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let stored = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "Move me")
        .unwrap();
    assert_eq!(
        stored["start"],
        serde_json::json!(format!("{target}T10:00:00Z"))
    );

    // Timeline.
    app.click("[data-testid=view-timeline]").await;
    app.find("[data-testid=timeline-view]").await;
    app.find("[data-testid=timeline-canvas][data-drawn]").await;
    app.screenshot("15-calendar-timeline").await;
    // The bars are painted. The keyboard reaches them through the canvas: an
    // arrow key focuses the first one (a button laid over its painted twin).
    app.eval_on("[data-testid=timeline-canvas]", "arguments[0].focus()")
        .await;
    app.press("\u{E014}").await;
    let bar = app
        .eval_on(
            "[data-testid=change-bar]:focus",
            "const r = arguments[0].getBoundingClientRect();
             return [r.left + r.width / 2, r.top + r.height / 2, arguments[0].getAttribute('aria-label')];",
        )
        .await;
    let label = bar[2].as_str().unwrap().to_owned();
    // Escape gives the focus back to the canvas, and the button goes.
    app.press("\u{E00C}").await;
    let deadline = tokio::time::Instant::now() + signalbox_e2e::PATIENCE;
    while !app.all("[data-testid=change-bar]").await.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bar's button stayed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Pointing at the painted bar puts its button back under the pointer; a click opens the change.
    app.hover_at(bar[0].as_f64().unwrap(), bar[1].as_f64().unwrap())
        .await;
    let hovered = app
        .eval_on(
            "[data-testid=change-bar]",
            "return arguments[0].getAttribute('aria-label')",
        )
        .await;
    assert_eq!(hovered.as_str(), Some(label.as_str()));
    app.click("[data-testid=change-bar]").await;
    let title = label.split(", ").next().unwrap().to_owned();
    let form_title = app
        .eval_on(
            "[data-testid=change-form] [name=title]",
            "return arguments[0].value",
        )
        .await;
    assert_eq!(form_title.as_str(), Some(title.as_str()));
    app.click("[data-testid=cancel-change]").await;

    // Export the calendar as ICS: the visible period, this month's grid.
    app.click("[data-testid=view-month]").await;
    app.click("[data-testid=cal-today]").await;
    app.find("[data-testid=month-view]").await;
    app.click("[data-testid=export-ics]").await;
    let file = app.data_dir.path().join("signalbox-calendar.ics");
    let deadline = tokio::time::Instant::now() + signalbox_e2e::PATIENCE;
    while !file.exists() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no ICS file at {}",
            file.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert!(ics.contains("SUMMARY:[production] Deploy ledger"), "{ics}");
    assert!(ics.contains("Launch freeze"), "{ics}");
    app.stop().await;
}
