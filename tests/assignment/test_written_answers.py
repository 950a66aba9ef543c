"""The PDF of the written answers (written_answers.py, run by collect_submission.py), read back with poppler.

pdftotext (poppler-utils, which .ci/run installs) extracts each page's text and
every word's box: each question starts on a new page titled with it, every
answer is there in full, nothing lies outside the page's margins, and a character
the font cannot show stops the PDF, with a message, before it is written.
"""
import base64
import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import written_answers  # source/fc_nets's (conftest.py puts that folder on the path)
from autograder.layout import NOTEBOOKS, RELEASE, SOLUTIONS, SOURCE
from autograder.parts import MANUAL
from test_collect import collect

PDF = written_answers.PDF_NAME
# A font with Korean, Chinese and Japanese glyphs: Debian's fonts-noto-cjk, which .ci/run installs.
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
KOREAN = ("**답변:** 배치 정규화는 미니배치의 평균과 분산을 사용하므로, 배치 크기가 작으면 추정이 "
          "부정확해집니다. 레이어 정규화는 각 예제의 특징에 대해 정규화합니다.\n\n"
          "```python\nx = layernorm(x)  # " + "레이어 정규화는 각 예제의 특징에 대해 정규화합니다, " * 3 + "\n```")


def poppler(*args):
    tool = args[0]
    assert shutil.which(tool), f"{tool} is missing: install poppler-utils (apt-get install -y poppler-utils)"
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words_of(pdf):
    """[[(x0, y0, x1, y1, word)] of each page], y from the page's top."""
    pages = poppler("pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-").split("<page ")[1:]
    assert len(pages) == int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pdf))).group(1))
    return [[(*map(float, match[:4]), html.unescape(match[4])) for match in WORD.findall(page)] for page in pages]


def pages_of(pdf):
    """The text of each page, line by line: a word is on the line whose box overlaps half of its height or more."""
    texts = []
    for words in words_of(pdf):
        lines = []  # [top, bottom, [(x0, word)]]
        for x0, y0, x1, y1, word in sorted(words, key=lambda w: w[1]):
            line = next((line for line in lines if min(y1, line[1]) - max(y0, line[0]) >= (y1 - y0) / 2), None)
            if line:
                line[2].append((x0, word))
            else:
                lines.append([y0, y1, [(x0, word)]])
        texts.append("\n".join(" ".join(word for _, word in sorted(words)) for *_, words in lines) + "\n")
    return texts


CHROME = re.compile(r"Question \d+( \(continued\))? fc_nets written answers|\w+ · Inline Question \d|"
                    r"continued on the next page|Question \d of 8: .* page \d+ of \d+")


def body_of(page):
    """A page's text without its title and footer."""
    return "\n".join(line for line in page.splitlines() if not CHROME.fullmatch(line))


def squashed(text):
    """text without whitespace and markdown's markup (what the PDF need not show literally)."""
    return "".join(c for c in text if not c.isspace() and c not in "*`")


def questions_by_page(pages):
    """[(question number, continued)] of the pages, from their titles; checks that each question starts a page."""
    titles = [re.match(r"\s*Question (\d+)( \(continued\))?\s", page) for page in pages]
    assert all(titles), [page[:40] for page, title in zip(pages, titles) if not title]
    found = [(int(title.group(1)), bool(title.group(2))) for title in titles]
    starts = [number for number, continued in found if not continued]
    assert starts == list(range(1, 9)), "each question starts exactly one page, in order"
    assert found[0] == (1, False) and all(number == previous for (number, continued), (previous, _) in
                                          zip(found[1:], found) if continued)
    return found


def text_of(pages, found, number):
    """The text of a question's pages, without their titles and footers."""
    return "\n".join(body_of(page) for page, (n, _) in zip(pages, found) if n == number)


def words_inside_margins(pdf):
    """Every word's box is inside the page's margins (nothing cut off or past the edge)."""
    outside = [(word, x0, y0, x1, y1) for page in words_of(pdf) for x0, y0, x1, y1, word in page
               if not (written_answers.LEFT - 2 <= x0 and x1 <= written_answers.RIGHT + 2 and 20 <= y0 and y1 <= 772)]
    assert not outside, outside[:5]


def notebook_cells(folder, name):
    return json.loads((folder / name).read_text())["cells"]


def set_answer(folder, notebook, cell_id, text):
    nb = json.loads((folder / notebook).read_text())
    next(cell for cell in nb["cells"] if cell["id"] == cell_id)["source"] = text
    (folder / notebook).write_text(json.dumps(nb))


def answers_of(folder):
    """{grade_id: answer} of the written answers, as the grader finds them (nbgrader's metadata)."""
    return {cell["metadata"]["nbgrader"]["grade_id"]: "".join(cell["source"]) for name in NOTEBOOKS
            for cell in notebook_cells(folder, name) if cell["metadata"].get("nbgrader", {}).get("grade_id") in MANUAL}


@pytest.fixture
def work(tmp_path):
    folder = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, folder)
    return folder


def test_the_questions_are_the_graders_written_answers():
    questions, notes = written_answers.read_questions(SOURCE)
    assert notes == []
    assert [f"{q.notebook[:-6]} {q.name}" for q in questions] == [title for title, _ in MANUAL.values()]
    assert [q.answer for q in questions] == list(answers_of(SOURCE).values())
    assert (SOLUTIONS / "written_answers.py").read_bytes() == (SOURCE / "written_answers.py").read_bytes()


def test_the_answer_key_gives_every_answer_and_its_figures(work):
    result = collect(work)
    assert result.returncode == 0, result.stderr
    assert "Wrote fc_nets_written_answers.pdf" in result.stdout and "error" not in result.stderr
    pages = pages_of(work / PDF)
    found = questions_by_page(pages)
    assert len(pages) == 8 + sum(continued for _, continued in found)
    figures = {1: 0, 2: 2, 3: 1, 4: 1, 5: 0, 6: 0, 7: 1, 8: 0}  # the images since the last ## heading or question
    for question, (grade_id, answer) in zip(written_answers.read_questions(work)[0], answers_of(work).items()):
        first = pages[found.index((question.number, False))]
        assert first.startswith(f"Question {question.number} fc_nets written answers\n"
                                f"{question.notebook[:-6]} · {question.name}\n")
        text = text_of(pages, found, question.number)
        assert squashed(answer) in squashed(text), grade_id
        assert squashed(question.text.replace("```python", "")) in squashed(text)
        assert text.count("Output of the code cell In [") == figures[question.number], grade_id
        assert "UNANSWERED" not in text
    images = poppler("pdfimages", "-list", str(work / PDF)).splitlines()[2:]
    assert len(images) == sum(figures.values())
    words_inside_margins(work / PDF)


def test_an_empty_release_has_every_question_unanswered(tmp_path):
    work = tmp_path / "fc_nets"
    shutil.copytree(RELEASE, work)
    assert collect(work).returncode == 1 and not (work / PDF).exists()  # refused: nothing is written
    result = subprocess.run([sys.executable, "written_answers.py"], cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Unanswered (marked UNANSWERED on their page): question(s) 1, 2, 3, 4, 5, 6, 7, 8." in result.stdout
    pages = pages_of(work / PDF)
    assert [number for number, _ in questions_by_page(pages)] == list(range(1, 9))  # one page each
    for page, question in zip(pages, written_answers.read_questions(work)[0]):
        assert "UNANSWERED" in page
        assert squashed(f"in {question.notebook} still says YOUR ANSWER HERE") in squashed(page)
        assert squashed(question.text.replace("```python", "")) in squashed(page)


def test_math_is_typeset_and_broken_math_is_printed_as_written(work):
    set_answer(work, "Dropout.ipynb", "inline-question-1-answer",
               "**Answer:** the expected output is $\\mathbb{E}[\\tilde{x}] = p \\cdot \\frac{x}{p} = x$, and "
               "$\\sigma'(x) \\le \\frac{1}{4}$ (MathJax's `\\le`).\n\n"
               "$$\\nabla_W L = \\sum_{i=1}^{N} x_i^T \\delta_i$$\n\n"
               "Not math for mathtext: $\\begin{cases} a \\end{cases}$ stays as written.")
    result = collect(work)
    assert result.returncode == 0, result.stderr
    pages = pages_of(work / PDF)
    text = text_of(pages, questions_by_page(pages), 6)
    assert squashed("Answer: the expected output is") in squashed(text)
    assert squashed("(MathJax's \\le).") in squashed(text)
    for symbol in "σ≤⋅∇∑δ":  # typeset: mathtext's glyphs, not the TeX source
        assert symbol in text, symbol
    assert "\\frac" not in text and "\\sum" not in text
    assert "$\\begin{cases} a \\end{cases}$ stays as written" in text
    words_inside_margins(work / PDF)


def test_an_image_pasted_into_an_answer_is_shown_below_it(work):
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "#3366cc").save(picture, format="PNG")
    nb = json.loads((work / "Dropout.ipynb").read_text())
    cell = next(cell for cell in nb["cells"] if cell["id"] == "inline-question-3-answer")
    cell["source"] = "**Answer:** my derivation, on paper:\n\n![derivation.png](attachment:derivation.png)"
    cell["attachments"] = {"derivation.png": {"image/png": base64.b64encode(picture.getvalue()).decode()}}
    (work / "Dropout.ipynb").write_text(json.dumps(nb))
    result = collect(work)
    assert result.returncode == 0, result.stderr
    pages = pages_of(work / PDF)
    found = questions_by_page(pages)
    text = text_of(pages, found, 8)
    assert "my derivation, on paper:\nderivation.png (attachment:derivation.png)\n" in text  # two paragraphs
    assert "Image derivation.png, pasted into the answer" in text
    images = [line.split() for line in poppler("pdfimages", "-list", str(work / PDF)).splitlines()[2:]]
    last = [k + 1 for k, (number, _) in enumerate(found) if number == 8]
    assert [(image[3], image[4]) for image in images if int(image[0]) in last] == [("400", "300")]


def test_a_long_answer_continues_on_pages_of_its_own(work):
    sentences = [f"Sentence {k:03d} of this long answer says that deeper nets need careful initialization, "
                 f"and {'very ' * (k % 7)}much so." for k in range(1, 181)]
    set_answer(work, "FullyConnectedNets.ipynb", "fcn-inline-question-2-answer", " ".join(sentences)
               + " " + "x" * 150 + " " + "`" + "y" * 130 + "` end.")  # words wider than a line are cut
    result = collect(work)
    assert result.returncode == 0, result.stderr
    pages = pages_of(work / PDF)
    found = questions_by_page(pages)
    own = [k for k, (number, _) in enumerate(found) if number == 2]
    assert len(own) >= 4 and found[own[-1] + 1] == (3, False)
    assert len(pages) == 8 + sum(continued for _, continued in found)
    assert f"continued onto further pages: question 2 ({len(own)} pages)" in result.stdout
    for k in own[:-1]:
        assert "continued on the next page" in pages[k]
    assert "continued on the next page" not in pages[own[-1]]
    text = squashed(text_of(pages, found, 2))
    for sentence in sentences:
        assert text.count(squashed(sentence)) == 1, sentence
    assert "x" * 150 in text and "y" * 130 + "end." in text
    words_inside_margins(work / PDF)


def test_a_korean_answer_without_a_font_for_it_is_refused_before_the_pdf_is_written(work, monkeypatch):
    set_answer(work, "BatchNormalization.ipynb", "bn-inline-question-2-answer", KOREAN)
    (work / PDF).write_bytes(b"%PDF an older PDF")
    monkeypatch.setenv(written_answers.FONT_VARIABLE, written_answers.base_font("normal"))  # a font without Hangul
    result = collect(work)
    assert result.returncode == 1
    assert (work / "fc_nets_submission.zip").is_file() and not (work / PDF).exists()
    assert "error: fc_nets_written_answers.pdf was not written: the font you chose" in result.stderr
    assert "lacks characters of your answers: '답' (U+B2F5 HANGUL SYLLABLE DAB), '변' (U+BCC0" in result.stderr
    assert "in Question 5 (BatchNormalization, Inline Question 2)" in result.stderr
    for advice in ("apt-get install -y fonts-noto-cjk", "--font /path/to/font.ttf", "FC_NETS_PDF_FONT",
                   "write these answers in English", "Your code, fc_nets_submission.zip, was written"):
        assert advice in result.stderr


def test_without_any_font_for_a_script_the_message_says_what_to_do():
    needed = {("normal", "a"): {"Question 5"}, ("bold", "답"): {"Question 5"}}
    with pytest.raises(written_answers.PdfError) as refused:
        written_answers.choose_font(needed, candidates=[written_answers.base_font("code")])
    message = str(refused.value)
    assert "no font installed here has them all: '답' (U+B2F5 HANGUL SYLLABLE DAB), in Question 5" in message
    assert "No PDF was written, so that no character shows as an empty box" in message
    with pytest.raises(written_answers.PdfError, match="the font 'no such font' was not found"):
        written_answers.choose_font(needed, font="no such font")
    assert written_answers.choose_font({("normal", "a"): {"Question 5"}}, font="no such font") is None  # unused


@pytest.mark.parametrize("how", ["found", "chosen"])
def test_a_korean_answer_is_in_the_pdf_with_a_font_that_has_it(work, monkeypatch, how):
    assert NOTO_CJK.is_file(), f"{NOTO_CJK} is missing: apt-get install -y fonts-noto-cjk (.ci/run installs it)"
    set_answer(work, "BatchNormalization.ipynb", "bn-inline-question-2-answer", KOREAN)
    monkeypatch.delenv(written_answers.FONT_VARIABLE, raising=False)
    result = subprocess.run([sys.executable, "collect_submission.py"] + (["--font", str(NOTO_CJK)] * (how == "chosen")),
                            cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "The characters DejaVu Sans lacks are set in " in result.stdout  # a font installed here, or the one given
    assert how == "found" or f"({NOTO_CJK})" in result.stdout
    pages = pages_of(work / PDF)
    assert squashed(KOREAN.replace("```python", "")) in squashed(text_of(pages, questions_by_page(pages), 5))
    words_inside_margins(work / PDF)


def test_answers_edited_in_colab_and_a_deleted_question(work):
    for name in NOTEBOOKS:  # Colab drops nbgrader's metadata and rewrites cell ids
        nb = json.loads((work / name).read_text())
        for k, cell in enumerate(nb["cells"]):
            cell["metadata"], cell["id"] = {"id": f"colab{k}"}, f"colab{k}"
        (work / name).write_text(json.dumps(nb))
    assert [q.answer for q in written_answers.read_questions(work)[0]] == list(answers_of(SOLUTIONS).values())

    nb = json.loads((work / "Dropout.ipynb").read_text())
    nb["cells"] = [c for c in nb["cells"] if not "".join(c["source"]).startswith("## Inline Question 2")]
    (work / "Dropout.ipynb").write_text(json.dumps(nb))
    result = collect(work)
    assert result.returncode == 0, result.stderr
    assert "Dropout.ipynb has no cell headed '## Inline Question 2': restore that heading" in result.stdout
    pages = pages_of(work / PDF)
    text = text_of(pages, questions_by_page(pages), 7)
    assert "NOT FOUND" in text and "Dropout.ipynb has no cell headed '## Inline Question 2'" in text
