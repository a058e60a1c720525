// Parse .ics files with ical.js (the parser of Thunderbird's web stack, Nextcloud and many web
// apps) and print one JSON line per file: its components and, per VEVENT, the values the tests
// compare. Usage: node tests/icaljs_parse.mjs FILE...   Times are resolved with the VTIMEZONEs
// inside the file itself; a TZID the file does not define is reported as an error.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function moment(property) {
  const time = property.getFirstValue();
  if (time.isDate) return { date: time.toString() };
  const tzid = property.getParameter("tzid");
  if (tzid && time.zone.tzid !== tzid) {
    throw new Error(`TZID ${tzid} is not defined in the file`);
  }
  return { utc: time.toUnixTime() };
}

function describe(vevent) {
  const text = (name) => vevent.getFirstPropertyValue(name);
  return {
    uid: text("uid"),
    summary: text("summary"),
    description: text("description"),
    location: text("location"),
    start: moment(vevent.getFirstProperty("dtstart")),
    end: moment(vevent.getFirstProperty("dtend")),
    properties: vevent.getAllProperties().map((property) => property.name.toUpperCase()),
    alarms: vevent.getAllSubcomponents("valarm").length,
  };
}

function parseFile(path) {
  try {
    const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
    if (root.name !== "vcalendar") throw new Error(`the root component is ${root.name}`);
    return {
      ok: true,
      components: root.getAllSubcomponents().map((component) => component.name.toUpperCase()),
      events: root.getAllSubcomponents("vevent").map(describe),
    };
  } catch (error) {
    return { ok: false, error: String(error && error.stack ? error.stack : error) };
  }
}

for (const path of process.argv.slice(2)) {
  process.stdout.write(JSON.stringify(parseFile(path)) + "\n");
}
