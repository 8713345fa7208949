#!/usr/bin/env python3
"""Generate a synthetic site of N papers for plansite and the same papers for Hugo.

    bench/generate.py N OUTDIR

writes OUTDIR/plansite/ (content/ in plansite's format, plus the default theme)
and OUTDIR/hugo/ (the same papers as plain Markdown with one page template and
one list template). Papers are about 800 words in numbered sections and
paragraphs, each cites its board's plan through a fund table and a figure
shortcode, and links to the previous paper of its meeting. The text is
generated deterministically (a fixed seed), so every run builds the same site.
"""
import os
import random
import shutil
import sys

WORDS = (
    "the board noted that integration of health and social care services across the area "
    "requires pooled budgets joint commissioning shared records and a clear plan for "
    "reducing delayed transfers of care while protecting social care spending in real terms "
    "providers commissioners and the council agreed to review progress each quarter against "
    "the national conditions and the local metrics including non elective admissions "
    "reablement outcomes and permanent admissions to residential and nursing care"
).split()

PAPERS_PER_MEETING = 8
BOARDS = 10


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(12, 20)) for _ in range(3))


def layout(n):
    """Yield (board, meeting_index, paper_index, global_index) for n papers."""
    per_board = -(-n // BOARDS)
    i = 0
    for b in range(BOARDS):
        for p in range(per_board):
            if i >= n:
                return
            yield b, p // PAPERS_PER_MEETING, p % PAPERS_PER_MEETING, i
            i += 1


def meeting_date(m):
    year = 2010 + m // 10
    month = 1 + m % 10
    return f"{year:04d}-{month:02d}-15"


def plan_toml(b):
    return f"""title = "Board {b} Better Care Fund"
area = "Area {b}"
period = "2017/18"
unit = "£000"

[source]
document = "Synthetic benchmark plan {b}"

[[bodies]]
id = "ccg"
name = "Clinical commissioning group {b}"
short = "CCG"

[[bodies]]
id = "council"
name = "Council {b}"
short = "Council"

[[funds]]
id = "pool"
title = "Pooled fund"
shape = "matrix"
columns = ["ccg", "council"]

  [[funds.rows]]
  scheme = "Carers"
  amounts = {{ ccg = 1240, council = 134 }}
  total = 1374

  [[funds.rows]]
  scheme = "Rehab and reablement"
  amounts = {{ ccg = 10543, council = 4551 }}
  total = 15094

  [[funds.rows]]
  scheme = "Telecare"
  amounts = {{ council = 250 }}
  total = 250

  [funds.stated]
  columns = {{ ccg = 11783, council = 4935 }}
  total = 16718
"""


HUGO_TABLE = """| Scheme | CCG (£000) | Council (£000) | Total (£000) |
|---|---:|---:|---:|
| Carers | 1,240 | 134 | 1,374 |
| Rehab and reablement | 10,543 | 4,551 | 15,094 |
| Telecare | | 250 | 250 |
| Total | 11,783 | 4,935 | 16,718 |
"""


def paper_body(rng, plansite, b, prev_ref):
    out = []
    for s in range(1, 6):
        out.append(f"## {s}. Section {s}\n")
        for p in range(1, 5):
            text = paragraph(rng)
            if s == 1 and p == 1:
                if plansite:
                    text += f" The pooled fund is {{{{ figure board-{b}-bcf pool total }}}}."
                else:
                    text += " The pooled fund is £16,718k."
            if s == 2 and p == 1 and prev_ref:
                text += f" See {{{{ paper {prev_ref} }}}}." if plansite else " See the previous paper."
            out.append(f"{s}.{p} {text}\n")
            if s == 3 and p == 1:
                out.append(f"{{{{ fund board-{b}-bcf pool }}}}\n" if plansite else HUGO_TABLE)
    return "\n".join(out)


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rng = random.Random(20161127)
    ps = os.path.join(out, "plansite")
    hg = os.path.join(out, "hugo")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(ps, "content", "plans"))
    os.makedirs(os.path.join(hg, "content", "papers"))
    shutil.copytree(os.path.join(repo, "themes"), os.path.join(ps, "themes"))
    with open(os.path.join(ps, "content", "site.toml"), "w") as f:
        f.write('title = "Benchmark site"\nowner = "Benchmark Council"\n'
                'base_url = "https://example.gov.uk/hwb/"\nbuild_date = 2026-11-26\n\n'
                '[accessibility]\nstatus = "fully-compliant"\nprepared = 2026-11-26\n'
                'last_reviewed = 2026-11-26\ntested = 2026-11-26\n'
                'tested_by = "the benchmark generator"\n\n'
                '[accessibility.contact]\nemail = "web@example.gov.uk"\nresponse_days = 5\n')
    for b in range(BOARDS):
        d = os.path.join(ps, "content", "boards", f"board-{b}")
        os.makedirs(d)
        with open(os.path.join(d, "_board.toml"), "w") as f:
            f.write(f'name = "Health and Wellbeing Board {b}"\n')
        with open(os.path.join(ps, "content", "plans", f"board-{b}-bcf.toml"), "w") as f:
            f.write(plan_toml(b))
    seen_meetings = set()
    prev = {}
    for b, m, p, i in layout(n):
        date = meeting_date(m)
        mdir = os.path.join(ps, "content", "boards", f"board-{b}", date)
        if (b, m) not in seen_meetings:
            os.makedirs(mdir)
            with open(os.path.join(mdir, "_meeting.toml"), "w") as f:
                f.write(f'date = {date}\nstatus = "held"\n')
            seen_meetings.add((b, m))
        slug = f"paper-{p + 1}"
        prev_ref = prev.get((b, m))
        title = f"Report {i + 1}: {sentence(rng, 5)[:-1]}"
        body = paper_body(rng, True, b, prev_ref)
        with open(os.path.join(mdir, f"{slug}.md"), "w") as f:
            f.write(f"""+++
title = "{title}"
kind = "board-paper"
item = {p + 1}
from = "Director of Integrated Commissioning"
to = "Health and Wellbeing Board {b}"
date = {date}
summary = "{sentence(rng, 30)}"
recommendations = ["{sentence(rng, 12)}", "{sentence(rng, 10)}"]
numbering = "manual"
plans = ["board-{b}-bcf"]
background_papers_none = true

[[contacts]]
name = "A. Officer"
email = "a.officer@example.gov.uk"
+++

{body}""")
        prev[(b, m)] = f"board-{b}/{date}/{slug}"
        rng2 = random.Random(i)
        with open(os.path.join(hg, "content", "papers", f"b{b}-{date}-{slug}.md"), "w") as f:
            f.write(f"""+++
title = "{title}"
date = {date}
+++

{paper_body(rng2, False, b, prev_ref)}""")
    # Hugo: one page template, one list template, no taxonomies.
    os.makedirs(os.path.join(hg, "layouts", "_default"))
    with open(os.path.join(hg, "config.toml"), "w") as f:
        f.write('baseURL = "https://example.gov.uk/hwb/"\ntitle = "Benchmark site"\n'
                'disableKinds = ["taxonomy", "term", "RSS"]\n')
    with open(os.path.join(hg, "layouts", "_default", "single.html"), "w") as f:
        f.write('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                '<link rel="stylesheet" href="/assets/site.css"></head><body><main><h1>{{ .Title }}</h1>'
                '{{ .Content }}</main></body></html>\n')
    with open(os.path.join(hg, "layouts", "_default", "list.html"), "w") as f:
        f.write('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                '<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
                '{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n')


if __name__ == "__main__":
    main()
