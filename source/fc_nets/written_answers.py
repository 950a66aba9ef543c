"""Your written answers as a PDF for Gradescope: fc_nets_written_answers.pdf.

`python collect_submission.py` writes it next to your zip. To look at it before
you submit, run this file alone from the assignment folder:

    python written_answers.py

For each of the 8 inline questions of the three notebooks the PDF shows the
question, your answer (the markdown cell(s) under the question, with its
**bold**, *italic*, `code`, lists, code blocks and $math$), images pasted into
your answer, and the figures the question is about: the images drawn by the
notebook's code cells since the last section heading (a `#` or `##` heading) or
the previous question, whichever came later. Math is typeset by matplotlib's
mathtext (no LaTeX needed); math it cannot typeset is printed as you wrote it.

Every question starts on a new page whose title names it; a long answer
continues on the next page ("continued"). On Gradescope you then select the
page, or pages, of each question. An unanswered question (its answer cell empty
or still saying YOUR ANSWER HERE) is marked UNANSWERED on its page.

Fonts: the text is set in DejaVu Sans, which comes with matplotlib. An answer
in a script it lacks (Korean, Chinese, Japanese, ...) needs a font that has it:
one installed on your computer is found automatically (macOS and Windows have
them; on Colab or Linux install one, e.g. `!apt-get install -y fonts-noto-cjk`),
or name one with `--font PATH` or the environment variable FC_NETS_PDF_FONT.
When no font can show a character, no PDF is written and you are told which
characters and where, so nothing ever shows as an empty box.

Before writing, the script checks its own pages: every character of every
question and answer is on a page, and no text runs past a page's edge.
"""
import argparse
import base64
import functools
import io
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field

import matplotlib
import matplotlib.lines
import matplotlib.patches
import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.mathtext import MathTextParser
from matplotlib.textpath import text_to_path

PDF_NAME = "fc_nets_written_answers.pdf"
QUESTIONS = {"FullyConnectedNets.ipynb": 3, "BatchNormalization.ipynb": 2, "Dropout.ipynb": 3}  # in PDF order
FONT_VARIABLE = "FC_NETS_PDF_FONT"
PLACEHOLDER = "YOUR ANSWER HERE"

# The page, in points (1/72 inch), from its bottom left corner: US Letter.
PAGE_W, PAGE_H = 612, 792
LEFT, RIGHT, TOP, BOTTOM = 60, 552, 738, 60
WIDTH = RIGHT - LEFT
BODY_TOP = TOP - 56  # below the page's title
BODY, SMALL, MONO = 11, 9, 9.5  # font sizes
GRAY, DARK, BAR, RED, CODE_GROUND = "#666666", "#222222", "#9db7d5", "#b00020", "#eeeeee"

FONT_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf",
              "code": "DejaVuSansMono.ttf"}
STYLE_PROPS = {"normal": ("DejaVu Sans", "normal", "normal"), "bold": ("DejaVu Sans", "bold", "normal"),
               "italic": ("DejaVu Sans", "normal", "italic"), "code": ("DejaVu Sans Mono", "normal", "normal"),
               "math": ("DejaVu Sans", "normal", "normal")}
# Settings of their own (a matplotlibrc asking for LaTeX, say, does not apply); unhinted text: the PDF's metrics.
RC = {"text.usetex": False, "mathtext.fontset": "dejavusans", "pdf.fonttype": 3, "text.hinting": "no_hinting"}

QUESTION_HEADING = re.compile(r"#{1,6}\s*Inline Question\s+(\d+)\b", re.IGNORECASE)
HEADING = re.compile(r"(#{1,6})\s+(.*)")
# Characters set without spaces between words, where a line may break anywhere (Hangul is written with spaces).
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                 r"\uf900-\ufaff\uff00-\uffef]")
CJK_RUNS = re.compile(f"{CJK.pattern}|(?:(?!{CJK.pattern}).)+")  # one such character, or a run of others
INLINE = re.compile(r"""
      (?P<ticks>`+)(?P<code>.+?)(?P=ticks)               # `code`
    | (?<!\\)\$(?P<math>[^$\n]+?)(?<!\\)\$               # $math$
    | \*\*(?P<bold>.+?)\*\* | (?<!\w)__(?P<bold2>.+?)__(?!\w)
    | (?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])
    | !?\[(?P<label>[^\]\n]*)\]\((?P<target>[^)\s]*)\)  # [link](target), ![image](target)
    | \\(?P<escaped>[\\`*_{}\[\]()#+\-.!$>|~])
    """, re.VERBOSE)
# Markdown's markup, left out when the PDF's text is compared with the notebook's (a bullet is drawn as •).
MARKUP = set("*_`#>|-+[]()!$\\~•")


class PdfError(Exception):
    """Why the PDF cannot be written, in words for the student."""


# ---------------------------------------------------------------------------------------------------------------
# The questions, read from the notebooks.

@dataclass
class Question:
    notebook: str
    name: str  # "Inline Question 2"
    number: int = 0  # its place in the PDF, from 1
    text: str = ""  # the question's cell, without its heading
    answer: str = ""  # the answer's cell(s)
    missing: str = ""  # why the notebook does not have it, if it does not
    placeholder: bool = False  # an answer cell still says YOUR ANSWER HERE
    images: list = field(default_factory=list)  # (caption, bytes): images pasted into the answer
    figures: list = field(default_factory=list)  # (caption, bytes): the notebook's figures it is about

    @property
    def answered(self):
        return not self.missing and bool(self.answer.strip())

    @property
    def title(self):
        return f"{self.notebook[:-len('.ipynb')]}, {self.name}"

    @property
    def label(self):
        return f"Question {self.number} ({self.title})"


def normalized(text):
    """text in NFC, with no-break spaces as spaces and invisible format and control characters removed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", "    ").replace("\u00a0", " "))
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf"))


def _source(cell):
    source = cell.get("source", "")
    return normalized("".join(source) if isinstance(source, list) else str(source))


def _first_line(text):
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _decoded(value):
    return base64.b64decode("".join(value) if isinstance(value, list) else value)


def _figures(cell, notebook):
    """(caption, bytes) of the images a code cell's outputs hold."""
    found = []
    for output in cell.get("outputs") or []:
        data = (output.get("data") or {}) if isinstance(output, dict) else {}
        image = data.get("image/png") or data.get("image/jpeg")
        if image:
            found.append((f"Output of the code cell In [{cell.get('execution_count') or ' '}] of {notebook}",
                          _decoded(image)))
    return found


def _attachments(cell):
    """(caption, bytes) of the images pasted into a markdown cell."""
    found = []
    for name, data in (cell.get("attachments") or {}).items():
        images = [data[mime] for mime in data if mime.startswith("image/")] if isinstance(data, dict) else []
        if images:
            found.append((f"Image {name}, pasted into the answer", _decoded(images[0])))
    return found


def notebook_questions(path, notebook, notes):
    """{number: Question} of a notebook (None if it is missing or unreadable).

    A question is a markdown cell headed Inline Question N; its answer is the markdown cells under it: the first
    always, the next ones up to a code cell or a section heading (`#` or `##`). Its figures are the images of the
    code cells' outputs since the last section heading or question.
    """
    try:
        with open(path, encoding="utf-8") as f:
            cells = json.load(f)["cells"]
    except FileNotFoundError:
        notes.append(f"{notebook} is missing")
        return None
    except (ValueError, KeyError, TypeError) as exc:
        notes.append(f"{notebook} is not a readable notebook ({exc})")
        return None
    found, figures, current, first = {}, [], None, False
    for cell in (cell for cell in cells if isinstance(cell, dict)):
        text, markdown = _source(cell), cell.get("cell_type") == "markdown"
        heading = HEADING.fullmatch(_first_line(text)) if markdown else None
        question = QUESTION_HEADING.match(_first_line(text)) if markdown else None
        section = heading is not None and len(heading.group(1)) <= 2
        if question:
            number = int(question.group(1))
            rest = text.strip().split("\n", 1)[1] if "\n" in text.strip() else ""
            current, first = Question(notebook, f"Inline Question {number}", text=rest.strip(), figures=figures), True
            figures = []
            if number in found:
                notes.append(f"{notebook} has two cells headed Inline Question {number}: the PDF shows the first")
                current = None
            else:
                found[number] = current
            continue
        if current is not None:
            is_answer = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("solution")
            if markdown and (first or is_answer or not section):
                if text.strip() == PLACEHOLDER:
                    current.placeholder = True
                elif text.strip():
                    current.answer = f"{current.answer}\n\n{text}" if current.answer else text
                current.images += _attachments(cell)
                first = False
                continue
            current = None
        if section:
            figures = []
        elif cell.get("cell_type") == "code":
            figures += _figures(cell, notebook)
    return found


def read_questions(folder="."):
    """Every question the PDF shows, in order (a question the notebook lacks is marked as not found), and notes."""
    questions, notes = [], []
    for notebook, count in QUESTIONS.items():
        found = notebook_questions(os.path.join(folder, notebook), notebook, notes)
        for number in range(1, count + 1):
            question = (found or {}).get(number)
            if question is None:
                readable = found is not None
                why = (f"{notebook} has no cell headed '## Inline Question {number}'" if readable
                       else f"{notebook} is missing or not a readable notebook")
                question = Question(notebook, f"Inline Question {number}", missing=why)
                if readable:
                    notes.append(f"{why}: restore that heading above your answer")
            question.number = len(questions) + 1
            questions.append(question)
    return questions, notes


# ---------------------------------------------------------------------------------------------------------------
# Markdown, as blocks of styled runs of text.

@functools.lru_cache(maxsize=None)
def charmap(path):
    """The characters (code points) a font file has glyphs for."""
    return frozenset(FT2Font(path).get_charmap())


def base_font(style):
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", FONT_FILES.get(style, FONT_FILES["normal"]))


# Commands of MathJax (Jupyter's math) that mathtext spells otherwise or lacks: the PDF typesets these instead.
MATH_ALIASES = {"le": r"\leq", "ge": r"\geq", "gets": r"\leftarrow", "lvert": "|", "rvert": "|", "lVert": r"\|",
                "rVert": r"\|", "land": r"\wedge", "lor": r"\vee", "implies": r"\Rightarrow",
                "iff": r"\Leftrightarrow", "dfrac": r"\frac", "tfrac": r"\frac", "textrm": r"\mathrm",
                "mbox": r"\mathrm", "hbox": r"\mathrm", "textit": r"\mathit", "textbf": r"\mathbf",
                "bm": r"\mathbf", "argmax": r"\operatorname{argmax}", "argmin": r"\operatorname{argmin}",
                "operatorname": r"\operatorname",
                **dict.fromkeys(["displaystyle", "textstyle", "limits", "nolimits", "big", "Big", "bigg", "Bigg",
                                 "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"], "")}


def mathtext(math):
    """The $...$ that mathtext typesets for a formula written for Jupyter ($...$)."""
    tex = re.sub(r"\\(?:tag|label)\{[^}]*\}", "", math[1:-1])
    tex = re.sub(r"\\([a-zA-Z]+)\*?", lambda m: MATH_ALIASES.get(m.group(1), m.group(0)), tex)
    return f"${tex}$"


@functools.lru_cache(maxsize=None)
def math_ok(tex):
    """Whether mathtext typesets $tex$ with glyphs of its own font."""
    if any(ord(c) > 127 and ord(c) not in charmap(base_font("normal")) for c in tex):
        return False
    try:
        MathTextParser("path").parse(mathtext(f"${tex}$"))
    except Exception:  # mathtext raises ValueError and others on what it cannot parse
        return False
    return True


def inline_runs(text, style="normal"):
    """[(style, text)] of a line of markdown: styles normal, bold, italic, code and math (text '$...$')."""
    runs, at = [], 0
    for match in INLINE.finditer(text):
        if match.start() > at:
            runs.append((style, text[at:match.start()]))
        kind = match.lastgroup
        if kind == "code":
            runs.append(("code", match.group("code").strip() or match.group("code")))
        elif kind == "math":
            tex = match.group("math")
            runs.append(("math", f"${tex}$") if math_ok(tex) else (style, match.group(0)))
        elif kind in ("bold", "bold2", "italic"):
            inner = "bold" if kind != "italic" else ("bold" if style == "bold" else "italic")
            runs += [(s if s in ("code", "math") else inner, t) for s, t in inline_runs(match.group(kind), inner)]
        elif kind == "target":
            runs += inline_runs(match.group("label"), style)
            runs.append((style, f" ({match.group('target')})"))
        else:  # an escaped character
            runs.append((style, match.group("escaped")))
        at = match.end()
    if at < len(text):
        runs.append((style, text[at:]))
    return runs


LIST_ITEM = re.compile(r"(\s*)([-*+]|\d{1,9}[.)])\s+(.*)")
RULE = re.compile(r"(\*\s*){3,}|(-\s*){3,}|(_\s*){3,}")


def blocks(markdown):
    """The blocks of a markdown text: (kind, data) with kind paragraph ([runs]), heading ([runs]), item
    ((level, marker, [runs])), code ([lines]), math (tex) or rule (None)."""
    found, para, item = [], [], None
    lines, i = markdown.split("\n"), 0

    def flush():
        nonlocal item
        if para:
            runs = inline_runs(" ".join(para))
            found.append(("item", (*item, runs)) if item else ("paragraph", runs))
        para.clear()
        item = None

    while i < len(lines):
        line, stripped = lines[i], lines[i].strip()
        i += 1
        if stripped.startswith(("```", "~~~")):
            flush()
            fence, body = stripped[:3], []
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            i += 1
            found.append(("code", body))
        elif stripped.startswith("$$"):
            flush()
            tex, rest = stripped[2:], ""
            while "$$" not in tex and i < len(lines):
                tex += " " + lines[i].strip()
                i += 1
            if "$$" in tex:
                tex, rest = tex.split("$$", 1)
            found.append(("math", tex.strip()) if tex.strip() and math_ok(tex.strip())
                         else ("paragraph", [("normal", f"$${tex}$$")]))
            if rest.strip():
                para.append(rest.strip())
        elif not stripped:
            flush()
        elif stripped.startswith("|"):  # a table's row: its rows are shown as written, in a code block
            flush()
            if i >= 2 and lines[i - 2].strip().startswith("|") and found[-1][0] == "code":
                found[-1][1].append(stripped)
            else:
                found.append(("code", [stripped]))
        elif RULE.fullmatch(stripped):
            flush()
            found.append(("rule", None))
        elif HEADING.fullmatch(stripped):
            flush()
            found.append(("heading", inline_runs(HEADING.fullmatch(stripped).group(2), "bold")))
        elif LIST_ITEM.match(line):
            flush()
            indent, marker, rest = LIST_ITEM.match(line).groups()
            item = (min(len(indent) // 2, 3), "•" if marker in "-*+" else marker)
            para.append(rest)
        else:
            para.append(stripped.lstrip(">").strip() if stripped.startswith(">") else stripped)
    flush()
    return found


def plain_blocks(text):
    """The text as written, line by line: the fallback when a text's markdown cannot be shown faithfully."""
    return [("paragraph", [("normal", line)]) if line.strip() else ("gap", None) for line in text.split("\n")]


def visible(text, plain=False):
    """The characters of a text that must be on the page: no whitespace or markup, nor code fences unless plain."""
    kept = [line for line in text.split("\n") if plain or not line.strip().startswith(("```", "~~~"))]
    return "".join(c for c in "\n".join(kept) if not c.isspace() and c not in MARKUP)


# ---------------------------------------------------------------------------------------------------------------
# Fonts: DejaVu Sans, and a font for the characters it lacks.

def styled_chars(blocks_):
    """{(style, character): None} of the characters a list of blocks draws, in their order."""
    chars = {}
    for kind, data in blocks_:
        if kind in ("paragraph", "heading"):
            runs = data
        elif kind == "item":
            runs = [("normal", data[1])] + data[2]
        else:
            runs = [("code", line) for line in data] if kind == "code" else []
        chars.update(dict.fromkeys((style, c) for style, text in runs if style != "math" for c in text
                                   if not c.isspace()))
    return chars


def _font_path(font):
    """The file of a font given as a path or as the name of an installed font."""
    if os.path.isfile(font):
        return font
    try:
        return font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    except ValueError:
        raise PdfError(f"the font {font!r} was not found: give the path of a font file (.ttf, .otf or .ttc) or "
                       f"the name of an installed font") from None


FONT_HINTS = re.compile(r"cjk|nanum|malgun|gulim|batang|dotum|applesd|gothic|mincho|hiragino|meiryo|yugoth|pingfang|"
                        r"heiti|songti|simsun|simhei|msyh|yahei|wqy|fallback|unifont|noto", re.IGNORECASE)


def installed_fonts():
    """The font files installed here, the likely ones for CJK scripts first."""
    paths = set(font_manager.findSystemFonts()) | {entry.fname for entry in font_manager.fontManager.ttflist}
    paths = [p for p in paths if p.lower().endswith((".ttf", ".otf", ".ttc")) and "emoji" not in p.lower()]
    return sorted(paths, key=lambda p: (not FONT_HINTS.search(os.path.basename(p)), "bold" in p.lower(), p))


def _describe(chars):
    """The first characters of {character: {where it is}}, named, and where they are."""
    shown = list(chars)[:8]
    listed = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in shown)
    more = f" and {len(chars) - len(shown)} more" if len(chars) > len(shown) else ""
    return f"{listed}{more}, in {', '.join(sorted(set().union(*chars.values())))}"


def choose_font(needed, font=None, candidates=None):
    """The font file for the characters DejaVu Sans lacks (None when it lacks none).

    needed: {(style, character): {where it is}}, in the order of the text. font: the student's choice (a path
    or an installed font's name), used only when needed; without one, the first of candidates (default: the
    installed fonts) that has them all. Raises PdfError, naming the characters and what to do, when no font has
    them: the PDF is never written with empty boxes.
    """
    missing = {}  # {character: {where it is}}
    for (style, c), places in needed.items():
        if ord(c) not in charmap(base_font(style)):
            missing.setdefault(c, set()).update(places)
    if not missing:
        return None
    if font:
        path = _font_path(font)
        try:
            lacking = {c: places for c, places in missing.items() if ord(c) not in charmap(path)}
        except (OSError, RuntimeError) as exc:
            raise PdfError(f"the font {path} cannot be read ({exc})") from None
        if not lacking:
            return path
        problem = f"the font you chose, {path}, lacks characters of your answers: {_describe(lacking)}"
    else:
        for path in installed_fonts() if candidates is None else candidates:
            try:
                if all(ord(c) in charmap(path) for c in missing):
                    return path
            except (OSError, RuntimeError):  # a font file FreeType cannot read
                continue
        problem = (f"your answers use characters that the PDF's font, DejaVu Sans, cannot show, and no font "
                   f"installed here has them all: {_describe(missing)}")
    raise PdfError(
        f"{problem}.\nNo PDF was written, so that no character shows as an empty box. Do one of these and run "
        f"this again:\n"
        f"  - install a font that has them; it is found automatically. For Korean, Chinese or Japanese: on Colab "
        f"run `!apt-get install -y fonts-noto-cjk` in a cell; on Debian or Ubuntu `sudo apt-get install "
        f"fonts-noto-cjk`; macOS and Windows come with such fonts;\n"
        f"  - give a font file that has them: `python collect_submission.py --font /path/to/font.ttf` (.otf and "
        f".ttc files work too), or set the environment variable {FONT_VARIABLE} to its path;\n"
        f"  - or write these answers in English.")


class Fonts:
    """The font of each style (DejaVu Sans, then the extra font for what it lacks) and their measures, in points."""

    def __init__(self, extra=None):
        self.extra = extra
        self.extra_name = None
        if extra:
            font_manager.fontManager.addfont(extra)
            self.extra_name = font_manager.FontProperties(fname=extra).get_name()

    @functools.lru_cache(maxsize=None)
    def prop(self, style, size):
        family, weight, slant = STYLE_PROPS[style]
        families = [family, self.extra_name] if self.extra_name and style != "math" else [family]
        return font_manager.FontProperties(family=families, weight=weight, style=slant, size=size)

    @functools.lru_cache(maxsize=None)
    def measure(self, style, text, size):
        """(width, ascent, descent) of text."""
        math = style == "math"
        width, height, descent = text_to_path.get_text_width_height_descent(mathtext(text) if math else text,
                                                                             self.prop(style, size), ismath=math)
        return float(width), float(height - descent), float(descent)

    def width(self, style, text, size):
        return self.measure(style, text, size)[0]

    def space(self, style, size):
        return self.width(style, "x x", size) - self.width(style, "xx", size)


# ---------------------------------------------------------------------------------------------------------------
# Layout: a question's pages, as lists of drawing operations.

@dataclass
class Op:
    kind: str  # text, rect, line or image
    x: float
    y: float
    text: str = ""
    style: str = "normal"
    size: float = BODY
    color: str = "black"
    role: str = "chrome"  # question, answer or chrome (the page's own words)
    ha: str = "left"
    w: float = 0.0
    h: float = 0.0
    edge: str = ""  # a rectangle's frame
    image: object = None


@dataclass
class Token:
    style: str
    text: str
    space: bool  # a space before it
    brk: bool  # a line may break before it
    size: float = 0.0  # its own size (a formula shrunk to fit the line), or 0


def tokens(runs):
    found, space = [], False
    for style, text in runs:
        if style == "math":
            found.append(Token(style, text, space, True))
            space = False
            continue
        for piece in re.split(r"(\s+)", text):
            if piece.isspace():
                space = True
            elif piece:
                for k, part in enumerate(CJK_RUNS.findall(piece)):
                    cjk = bool(CJK.match(part)) or (k > 0 and bool(CJK.match(found[-1].text[-1])))
                    found.append(Token(style, part, space and k == 0, (space and k == 0) or cjk))
                space = False
    return found


class Layout:
    """Lays a question out onto pages, from the top of its first page."""

    def __init__(self, fonts, question):
        self.fonts, self.question = fonts, question
        self.pages = [[]]
        self.y = BODY_TOP

    def op(self, kind, x, y, **kwargs):
        self.pages[-1].append(Op(kind, x, y, **kwargs))

    def need(self, height):
        """Start a continuation page unless height points fit above the bottom margin."""
        if self.y - height < BOTTOM and self.pages[-1]:
            self.pages.append([])
            self.y = BODY_TOP

    def gap(self, points):
        self.y -= points

    # Lines of text.
    def _size(self, token, size):
        return token.size or size

    def _word_width(self, word, size):
        return sum(self.fonts.width(t.style, t.text, self._size(t, size)) for t in word)

    def _fit(self, word, width, size):
        """A word wider than a line, as words that fit: cut between its characters, a formula shrunk to fit."""
        parts = []
        for t in word:
            if t.style == "math":
                w = self.fonts.width("math", t.text, size)
                parts.append(Token("math", t.text, t.space, True, size * width / w * 0.98 if w > width else 0.0))
            else:
                parts += [Token(t.style, c, t.space and k == 0, True) for k, c in enumerate(t.text)]
        words, current, used = [], [], 0.0
        for part in parts:
            w = self.fonts.width(part.style, part.text, self._size(part, size))
            if current and used + w > width:
                words.append(current)
                current, used = [], 0.0
            current.append(part)
            used += w
        return words + [current]

    def pieces(self, line, size):
        """[(x offset, style, text, size)] of a line: runs of one style, each one Text on the page."""
        found, x = [], 0.0
        for k, token in enumerate(line):
            tsize = self._size(token, size)
            glue = token.space and k > 0
            if found and token.style != "math" and found[-1][1] == token.style and found[-1][3] == tsize:
                offset, style, text, _ = found[-1]
                found[-1] = (offset, style, text + (" " if glue else "") + token.text, tsize)
            else:
                if found:
                    x = found[-1][0] + self.fonts.width(found[-1][1], found[-1][2], found[-1][3])
                if glue:
                    x += self.fonts.space("normal", tsize)
                found.append((x, token.style, token.text, tsize))
        return found

    def _line_width(self, line, size):
        if not line:
            return 0.0
        x, style, text, tsize = self.pieces(line, size)[-1]
        return x + self.fonts.width(style, text, tsize)

    def _space(self, word, size):
        """The space before a word: at most what pieces() draws (a code font's space, within code)."""
        return self.fonts.space("code" if word[0].style == "code" else "normal", size) if word[0].space else 0.0

    def lines(self, runs, width, size):
        """The runs broken into lines no wider than width: filled word by word, then each measured whole (words
        that do not fit then go on to the next line)."""
        queue, lines = self._words_of(tokens(runs)), []
        while queue:
            line, used = [], 0.0
            while queue:
                word = queue[0]
                w, space = self._word_width(word, size), self._space(word, size) if line else 0.0
                if line and used + space + w > width:
                    break
                if not line and w > width:
                    queue[0:1] = self._fit(word, width, size)
                    word, w = queue[0], self._word_width(queue[0], size)
                line += queue.pop(0)
                used += space + w
            while self._line_width(line, size) > width and len(self._words_of(line)) > 1:
                words = self._words_of(line)
                queue.insert(0, words[-1])
                line = [token for word in words[:-1] for token in word]
            lines.append(line)
        return lines

    @staticmethod
    def _words_of(line):
        """The tokens grouped into words: a line breaks only between words."""
        words = []
        for token in line:
            if token.brk or not words:
                words.append([token])
            else:
                words[-1].append(token)
        return words

    def text(self, runs, x0=LEFT, width=WIDTH, size=BODY, color="black", role="answer", marker=None, bar=False,
             after=None):
        """Lay out a paragraph (the marker of a list item goes left of x0; bar: the question's bar on the left)."""
        after = size * 0.55 if after is None else after
        for k, line in enumerate(self.lines(runs, width, size)):
            pieces = self.pieces(line, size)
            ascent = max([size * 0.8] + [self.fonts.measure(s, t, z)[1] for _, s, t, z in pieces if s == "math"])
            descent = max([size * 0.25] + [self.fonts.measure(s, t, z)[2] for _, s, t, z in pieces if s == "math"])
            self.need(ascent + descent)
            base = self.y - ascent
            if marker and k == 0:
                self.op("text", x0 - 4, base, text=marker, size=size, color=color, role=role, ha="right")
            if bar:
                self.op("rect", LEFT, base - descent - size * 0.45, w=2.5, h=ascent + descent + size * 0.45,
                        color=BAR)
            for offset, style, text, tsize in pieces:
                if style == "code":
                    self.op("rect", x0 + offset - 1.5, base - tsize * 0.3, w=self.fonts.width(style, text, tsize) + 3,
                            h=tsize * 1.2, color=CODE_GROUND)
                self.op("text", x0 + offset, base, text=text, style=style, size=tsize, color=color, role=role)
            self.y = base - descent - size * 0.45
        self.gap(after)

    def code(self, lines, x0=LEFT, width=WIDTH, color="black", role="answer"):
        """Monospaced lines on a gray ground, cut where wider than the page (indented as in the cell)."""
        self.gap(2)
        for line in lines or [""]:
            indent = self.fonts.width("code", "x" * (len(line) - len(line.lstrip(" "))), MONO)
            indent = min(indent, width / 2)
            chunks, used = [""], 0.0
            for c in line.strip():
                w = self.fonts.width("code", c, MONO)
                if chunks[-1] and used + w > width - 8 - indent:
                    chunks.append("")
                    used = 0.0
                chunks[-1] += c
                used += w
            for chunk in chunks:
                self.need(MONO * 1.45)
                base = self.y - MONO * 0.95
                self.op("rect", x0, base - MONO * 0.5, w=width, h=MONO * 1.45, color=CODE_GROUND)
                if chunk:
                    self.op("text", x0 + 4 + indent, base, text=chunk, style="code", size=MONO, color=color,
                            role=role)
                self.y -= MONO * 1.45
        self.gap(BODY * 0.55)

    def blocks(self, found, x0=LEFT, width=WIDTH, size=BODY, color="black", role="answer", bar=False):
        for kind, data in found:
            if kind in ("paragraph", "heading"):
                self.text(data, x0, width, size + (1 if kind == "heading" else 0), color, role, bar=bar)
            elif kind == "item":
                level, marker, runs = data
                indent = 16 * (level + 1)
                self.text(runs, x0 + indent, width - indent, size, color, role, marker=marker, bar=bar,
                          after=size * 0.3)
            elif kind == "code":
                self.code(data, x0, width, color, role)
            elif kind == "math":
                self.display_math(data, x0, width, size, color, role)
            elif kind == "rule":
                self.need(size)
                self.op("line", x0, self.y - size * 0.5, w=width, color=GRAY)
                self.gap(size)
            elif kind == "gap":
                self.gap(size * 0.6)

    def display_math(self, tex, x0, width, size, color, role):
        w, ascent, descent = self.fonts.measure("math", f"${tex}$", size)
        if w > width:
            size *= width / w * 0.98
            w, ascent, descent = self.fonts.measure("math", f"${tex}$", size)
        self.need(ascent + descent + size * 0.6)
        base = self.y - ascent - size * 0.3
        self.op("text", x0 + (width - w) / 2, base, text=f"${tex}$", style="math", size=size, color=color, role=role)
        self.y = base - descent - size * 0.9

    def image(self, caption, data, notes):
        """A figure, as large as fits (a continuation page when less than 60% of it would fit here)."""
        try:
            from PIL import Image  # matplotlib's own dependency

            with Image.open(io.BytesIO(data)) as image:
                array = np.asarray(image.convert("RGBA"))
        except Exception as exc:  # an image Pillow cannot read: say so on the page
            notes.append(f"{self.question.label}: {caption} cannot be shown ({type(exc).__name__})")
            self.text([("italic", f"{caption}: this image cannot be shown in a PDF.")], size=SMALL, color=GRAY,
                      role="chrome")
            return
        height_px, width_px = array.shape[:2]
        w = min(WIDTH, width_px * 0.72)  # a notebook figure of 100 dpi at its size, at most the text's width
        h = w * height_px / width_px
        most = (BODY_TOP - BOTTOM) - SMALL * 3
        if h > most:
            w, h = w * most / h, most
        room = self.y - BOTTOM - SMALL * 3
        if h > room:
            if room >= 0.6 * h:
                w, h = w * room / h, room
            else:
                self.pages.append([])
                self.y = BODY_TOP
        self.op("image", LEFT + (WIDTH - w) / 2, self.y - h, w=w, h=h, image=array)
        self.y -= h + SMALL * 0.6
        self.text([("italic", caption)], size=SMALL, color=GRAY, role="chrome", after=BODY * 0.8)

    def boxed(self, lines, color):
        """Short lines of text in a colored frame (an unanswered question)."""
        pad = 8
        height = sum(len(self.lines(runs, WIDTH - 2 * pad, BODY)) for runs in lines) * BODY * 1.5
        self.need(height + 2 * pad)
        top = self.y
        self.op("rect", LEFT, top - height - 2 * pad, w=WIDTH, h=height + 2 * pad, color="#fdf0f2", edge=color)
        self.y -= pad
        for runs in lines:
            self.text(runs, LEFT + pad, WIDTH - 2 * pad, BODY, color, role="chrome", after=0)
        self.y = top - height - 2 * pad - BODY


def lay_out(question, fonts, notes, plain=False):
    """The pages of a question (plain: its texts as written, without markdown)."""
    layout = Layout(fonts, question)
    parse = plain_blocks if plain else blocks
    if question.missing:
        layout.boxed([[("bold", "NOT FOUND")], [("normal", f"{question.missing}.")]], RED)
        return layout.pages
    layout.text([("bold", "Question")], size=SMALL, color=GRAY, role="chrome", after=3)
    layout.blocks(parse(question.text), x0=LEFT + 10, width=WIDTH - 10, size=10.5, color=DARK, role="question",
                  bar=True)
    layout.gap(6)
    layout.text([("bold", "Answer")], size=SMALL, color=GRAY, role="chrome", after=3)
    if not question.answered:
        why = "still says YOUR ANSWER HERE" if question.placeholder else "is empty"
        layout.boxed([[("bold", "UNANSWERED")],
                      [("normal", f"The answer cell under this question in {question.notebook} {why}.")]], RED)
    else:
        layout.blocks(parse(question.answer))
    for caption, data in question.images + (question.figures if question.answered else []):
        layout.image(caption, data, notes)
    return layout.pages


def drawn(pages, role):
    return "".join(c for page in pages for op in page if op.kind == "text" and op.role == role
                   for c in op.text if not c.isspace() and c not in MARKUP)


def laid_out_in_full(question, pages, plain=False):
    """Whether every character of the question and its answer is on the pages (markup and spaces aside)."""
    return (drawn(pages, "question") == visible(question.text, plain)
            and drawn(pages, "answer") == (visible(question.answer, plain) if question.answered else ""))


# ---------------------------------------------------------------------------------------------------------------
# Drawing the pages and writing the PDF.

def draw(fig, page, fonts):
    """Draw one page's operations on a figure of the page's size (72 dpi: a pixel is a point)."""
    for op in page:
        if op.kind == "text":
            math = op.style == "math"
            fig.text(op.x / PAGE_W, op.y / PAGE_H, mathtext(op.text) if math else op.text, color=op.color,
                     fontproperties=fonts.prop(op.style, op.size), ha=op.ha, va="baseline", parse_math=math)
        elif op.kind == "rect":
            fig.add_artist(matplotlib.patches.Rectangle(
                (op.x / PAGE_W, op.y / PAGE_H), op.w / PAGE_W, op.h / PAGE_H, transform=fig.transFigure,
                facecolor=op.color, edgecolor=op.edge or "none", linewidth=1 if op.edge else 0, zorder=-1))
        elif op.kind == "line":
            fig.add_artist(matplotlib.lines.Line2D([op.x / PAGE_W, (op.x + op.w) / PAGE_W], [op.y / PAGE_H] * 2,
                                                   color=op.color, linewidth=0.6))
        elif op.kind == "image":
            ax = fig.add_axes((op.x / PAGE_W, op.y / PAGE_H, op.w / PAGE_W, op.h / PAGE_H))
            ax.imshow(op.image, interpolation="none", aspect="auto")
            ax.set_axis_off()


def chrome(question, k, count, page_number, total, questions):
    """The title and footer of the k-th of a question's count pages (total pages, of all the questions)."""
    ops = [Op("text", LEFT, TOP - 16, text=f"Question {question.number}" + (" (continued)" if k else ""),
              style="bold", size=16),
           Op("text", RIGHT, TOP - 16, text="fc_nets written answers", size=SMALL, color=GRAY, ha="right"),
           Op("text", LEFT, TOP - 34, text=question.title.replace(", ", " · "), size=BODY, color=GRAY),
           Op("line", LEFT, TOP - 44, w=WIDTH, color=GRAY),
           Op("text", RIGHT, BOTTOM - 30, text=f"page {page_number} of {total}", size=SMALL, color=GRAY, ha="right"),
           Op("text", LEFT, BOTTOM - 30, text=f"Question {question.number} of {questions}: {question.title}",
              size=SMALL, color=GRAY)]
    if k < count - 1:
        ops.append(Op("text", RIGHT, BOTTOM - 16, text="continued on the next page", style="italic", size=SMALL,
                      color=GRAY, ha="right"))
    return ops


def check_page(fig, renderer, label):
    """Raise PdfError if a text of the page, as matplotlib lays it out, runs past the page's printable area."""
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        if box.x0 < LEFT / 2 or box.x1 > PAGE_W - LEFT / 2 or box.y0 < BOTTOM / 3 or box.y1 > PAGE_H - BOTTOM / 3:
            raise PdfError(f"the text '{text.get_text()[:60]}' of {label} would run past the edge of its page. "
                           f"This is a fault of written_answers.py: please tell the course staff, and shorten "
                           f"that line meanwhile")


def write_pdf(folder=".", font=None, out=PDF_NAME):
    """Write the PDF of the written answers into folder; return what to tell the student.

    Raises PdfError (after removing an older PDF of the same name) when it cannot be written.
    """
    path = os.path.join(folder, out)
    try:
        return _write_pdf(folder, font, path)
    except BaseException:
        for stale in (path, f"{path}.part"):  # never leave an older PDF that could be uploaded by mistake
            if os.path.exists(stale):
                os.remove(stale)
        raise


def _write_pdf(folder, font, path):
    version = tuple(int(part) for part in re.findall(r"\d+", matplotlib.__version__)[:2])
    if version < (3, 6):
        raise PdfError(f"it needs matplotlib 3.6 or newer (you have {matplotlib.__version__}): run "
                       f"`pip install -U matplotlib`")
    questions, notes = read_questions(folder)
    needed = {}  # {(style, character): {the questions that have it}}
    for question in questions:
        keys = [key for part in (question.text, question.answer) for key in styled_chars(blocks(part))]
        keys += [("italic", c) for caption, _ in question.images + question.figures for c in caption]
        for key in keys:
            needed.setdefault(key, set()).add(question.label)
    extra = choose_font(needed, font)
    with matplotlib.rc_context(RC):
        fonts = Fonts(extra)
        laid_out = []
        for question in questions:
            pages = lay_out(question, fonts, notes)
            if not laid_out_in_full(question, pages):
                notes.append(f"{question.label} is shown as written, without its markdown formatting")
                pages = lay_out(question, fonts, notes, plain=True)
                if not laid_out_in_full(question, pages, plain=True):
                    raise PdfError(f"the text of {question.label} could not be laid out in full. This is a fault "
                                   f"of written_answers.py: please tell the course staff")
            laid_out.append((question, pages))
        total = sum(len(pages) for _, pages in laid_out)
        partial = f"{path}.part"
        metadata = {"Title": "fc_nets written answers", "Creator": "written_answers.py (fc_nets)"}
        with PdfPages(partial, metadata=metadata) as pdf:
            number = 0
            for question, pages in laid_out:
                for k, page in enumerate(pages):
                    number += 1
                    fig = Figure(figsize=(PAGE_W / 72, PAGE_H / 72), dpi=72)
                    canvas = FigureCanvasAgg(fig)
                    draw(fig, chrome(question, k, len(pages), number, total, len(questions)) + page, fonts)
                    check_page(fig, canvas.get_renderer(), question.label)
                    pdf.savefig(fig)
        os.replace(partial, path)
    return summary(path, questions, laid_out, total, extra, fonts, notes)


def summary(path, questions, laid_out, total, extra, fonts, notes):
    longer = [f"{q.number} ({len(pages)} pages)" for q, pages in laid_out if len(pages) > 1]
    lines = [f"Wrote {os.path.basename(path)}: {total} pages, {len(questions)} questions, each starting on a new "
             f"page" + (f"; continued onto further pages: question {', '.join(longer)}" if longer else "") + "."]
    unanswered = [str(q.number) for q in questions if not q.answered]
    if unanswered:
        lines.append(f"Unanswered (marked UNANSWERED on their page): question(s) {', '.join(unanswered)}.")
    if extra:
        lines.append(f"The characters DejaVu Sans lacks are set in {fonts.extra_name} ({extra}).")
    lines += [f"note: {note}." for note in notes]
    lines.append("Upload it to the written answers assignment on Gradescope and select each question's page(s).")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write your written answers as a PDF: " + PDF_NAME)
    parser.add_argument("--font", default=os.environ.get(FONT_VARIABLE) or None,
                        help=f"a font file (or installed font's name) for characters DejaVu Sans lacks, e.g. Korean "
                             f"(default: ${FONT_VARIABLE}, else one installed here that has them)")
    args = parser.parse_args(argv)
    try:
        print(write_pdf(font=args.font))
    except PdfError as exc:
        print(f"error: {PDF_NAME} was not written: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
