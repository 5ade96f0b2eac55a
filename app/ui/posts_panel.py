"""The Studio's Posts panel: the posts that go with the output the preview shows — one per
platform and language — as they will be posted, with live counters against each platform's
limits, and the copy, hashtags and @mentions they are made from, editable with undo; and a
week view of the campaign's schedule (:mod:`takatof.ui.posts_week`).

Everything shown is computed by the same pure functions the render writes ``posts.json`` with
(:func:`takatof.model.post_copy.posts_for` over :func:`takatof.render.kit.asset_of`, the
kit's :func:`~takatof.render.kit.build` for the schedule), so the panel never disagrees with
the kit. Every change is an edit of :mod:`takatof.edit.posts` made through the document's undo
stack; the panel recomputes after each change of the document (typing commits a moment after
the last key, so the counters follow the typing). Computing one asset's posts is cheap and
runs on the UI thread; the whole campaign's schedule is built only while the week is shown,
and a moment after the last edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextOption
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..edit import Edit
from ..edit.posts import (
    mentions_of,
    parse_tags,
    project_copy,
    reset_post_copy,
    set_hashtags,
    set_mentions,
    set_post_copy,
)
from ..model import Problem
from ..model.languages import is_rtl
from ..model.platform_rules import PlatformRules, rules
from ..model.post_copy import Asset, Post, posts_for
from ..model.post_defaults import default_copy
from ..render.jobs import Job
from ..render.kit import asset_of, build
from .document import Document
from .history import history_key
from .posts_week import WeekView
from .text_commit import TYPING_MS, _is_shortcut

SCHEDULE_MS = 400
"""Pause after the last edit before the week view builds the campaign's schedule again."""

RED = "#C62828"
LRM = "\u200e"
LIST_ROWS = 6  # posts the list shows before it scrolls
KEY = Qt.ItemDataRole.UserRole  # a post list row's (platform, language)


class Typing(QObject):
    """A text field that commits ``TYPING_MS`` after the last key, at once when the field is
    left or Enter is pressed, and whose Undo and Redo keys act on the document's stack
    (asked for each time: the panel follows whichever document is open). Text set by the
    panel itself (``show``) is never committed back."""

    def __init__(self, widget: QLineEdit | QPlainTextEdit, commit: Any, panel: PostsPanel) -> None:
        super().__init__(widget)
        self._widget, self._commit, self._panel = widget, commit, panel
        self._timer = QTimer(self, singleShot=True, interval=TYPING_MS)
        self._timer.timeout.connect(commit)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._timer.start)
            widget.editingFinished.connect(self.flush)
        else:
            widget.textChanged.connect(self._timer.start)
        widget.installEventFilter(self)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Commit now what was typed since the last commit (nothing when nothing was)."""
        if self._timer.isActive():
            self._timer.stop()
            self._commit()

    def show(self, text: str) -> None:
        """Show the document's ``text`` (unless the person is typing), committing nothing."""
        if self.pending or _text(self._widget) == text:
            return
        with QSignalBlocker(self._widget):
            if isinstance(self._widget, QPlainTextEdit):
                self._widget.setPlainText(text)
            else:
                self._widget.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut:
            self.flush()
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _is_shortcut(event):
            self.flush()  # a menu shortcut (Save, Render...) sees what was typed
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            action = history_key(event)
            if action is not None:
                event.accept()  # the document's history, not the field's own
                if kind == QEvent.Type.KeyPress:
                    self.flush()  # the typing so far is the step undone first
                    stack = self._panel.document.undo_stack
                    (stack.undo if action == "undo" else stack.redo)()
                return True
        return False


def _text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def _direct(widget: QLineEdit | QPlainTextEdit, lang: str) -> None:
    """Lay ``widget`` out in ``lang``'s direction (Arabic from the right), whatever the
    interface's direction."""
    rtl = is_rtl(lang)
    widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    if isinstance(widget, QPlainTextEdit):
        option = QTextOption(
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignAbsolute
        )
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        widget.document().setDefaultTextOption(option)


def counter_text(count: int, limit: int | None) -> str:
    """``"281 / 280"``; a count alone where the platform states no limit."""
    return f"{count:,}" if limit is None else f"{count:,} / {limit:,}"


def tag_list(tags: Sequence[str]) -> str:
    """Tags as their field shows them: a list read left to right whatever the first tag's
    script (a left-to-right mark first: "#ادعم_المحلي #SupportLocal" otherwise lays out from
    the right, the second tag's # after it). Reading them back drops the mark
    (:func:`takatof.edit.posts.parse_tags`)."""
    return LRM + " ".join(tags) if tags else ""


def over(count: int, limit: int | None) -> bool:
    return limit is not None and count > limit


class PostsPanel(QWidget):
    """The posts of the asset the preview shows, their copy and tags, and the week's schedule."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.setObjectName("postsPanel")
        self.document = document
        self.job: Job | None = None
        self.asset: Asset | None = None
        self.posts: list[Post] = []
        self._schedule_stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel()
        self.heading.setObjectName("postsHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("postsTabs")
        self.tabs.addTab(self._post_page(), "")
        self.week = WeekView()
        self.tabs.addTab(self.week, "")
        self.tabs.currentChanged.connect(lambda _: self._schedule_later())
        layout.addWidget(self.tabs, 1)
        self._schedule_timer = QTimer(self, singleShot=True, interval=SCHEDULE_MS)
        self._schedule_timer.timeout.connect(self.refresh_schedule)
        document.changed.connect(self._on_changed)
        self.retranslate()
        self.refresh()

    def _post_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("postList")
        self.list.currentItemChanged.connect(lambda *_: self._show_post())
        column.addWidget(self.list)
        counters = QHBoxLayout()
        self.length = QLabel()
        self.length.setObjectName("postLength")
        self.hashtag_count = QLabel()
        self.hashtag_count.setObjectName("postHashtagCount")
        self.mention_count = QLabel()
        self.mention_count.setObjectName("postMentionCount")
        for label in (self.length, self.hashtag_count, self.mention_count):
            counters.addWidget(label)
        counters.addStretch(1)
        column.addLayout(counters)
        self.status = QLabel()
        self.status.setObjectName("postStatus")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        self.text = QPlainTextEdit()
        self.text.setObjectName("postText")
        self.text.setReadOnly(True)
        self.text.setMinimumHeight(90)
        column.addWidget(self.text, 2)
        self.first_comment = QLabel()
        self.first_comment.setObjectName("postFirstComment")
        self.first_comment.setWordWrap(True)
        self.first_comment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.first_comment)
        form = QFormLayout()
        self.copy = QPlainTextEdit()
        self.copy.setObjectName("postCopy")
        self.copy.setMaximumHeight(150)
        self.copy_typing = Typing(self.copy, self._commit_copy, self)
        self.source = QLabel()
        self.source.setObjectName("copySource")
        self.source.setWordWrap(True)
        self.reset = QPushButton()
        self.reset.setObjectName("copyReset")
        self.reset.clicked.connect(self._reset_copy)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.reset)
        self.copy_label = QLabel()
        form.addRow(self.copy_label, self.copy)
        form.addRow("", _wrap(source_row))
        self.hashtags = QLineEdit()
        self.hashtags.setObjectName("postHashtags")
        self.hashtags_typing = Typing(self.hashtags, self._commit_hashtags, self)
        self.hashtags_label = QLabel()
        form.addRow(self.hashtags_label, self.hashtags)
        self.mentions = QLineEdit()
        self.mentions.setObjectName("postMentions")
        self.mentions_typing = Typing(self.mentions, self._commit_mentions, self)
        self.mentions_label = QLabel()
        form.addRow(self.mentions_label, self.mentions)
        column.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("postProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {RED}")
        self.problem.hide()
        column.addWidget(self.problem)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    # -- following the document and the preview -------------------------------------------------

    def set_document(self, document: Document) -> None:
        """Follow ``document`` (opened, new or recovered)."""
        if document is self.document:
            return
        self.document.changed.disconnect(self._on_changed)
        self.document = document
        document.changed.connect(self._on_changed)
        self._schedule_stale = True
        self.refresh()

    def set_job(self, job: Job | None) -> None:
        """Show the posts of the output ``job`` makes (the preview's; None: nothing shown)."""
        if job == self.job and type(job) is type(self.job):
            return
        self.job = job
        self.refresh()
        self.week.set_asset(self._asset_id())

    def _on_changed(self, _where: str) -> None:
        self.refresh()
        self._schedule_stale = True
        self._schedule_later()

    # -- the asset's posts --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the shown asset's posts again and show them (the selected one stays)."""
        self.asset, self.posts, why = self._compute()
        self.heading.setText(why if why else self._heading())
        chosen = self._chosen_key()
        with QSignalBlocker(self.list):
            self.list.clear()
            for post in self.posts:
                item = QListWidgetItem(self._row_text(post))
                item.setData(KEY, (post.platform, post.lang))
                if post.error is not None or over(post.length, post.limit):
                    item.setForeground(Qt.GlobalColor.red)
                self.list.addItem(item)
            keys = [(p.platform, p.lang) for p in self.posts]
            if self.posts:
                self.list.setCurrentRow(keys.index(chosen) if chosen in keys else 0)
        rows = min(max(self.list.count(), 1), LIST_ROWS)  # the list as tall as its posts
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 4)
        self._show_post()

    def _compute(self) -> tuple[Asset | None, list[Post], str]:
        """The asset shown, its posts, and why there are none (a sentence; "" when there are)."""
        if self.job is None:
            return None, [], self.tr("Select a card or a video: its posts show here.")
        project = self.document.project()
        try:
            asset = asset_of(project, self.job)
            posts = posts_for(project.campaign, asset)
        except (KeyError, ValueError, IndexError) as exc:  # an output the campaign no longer has
            return None, [], self.tr("No posts: {why}").format(why=exc)
        if not posts:
            return (
                asset,
                [],
                self.tr("{asset} is posted on no platform (its preset {preset} has none).").format(
                    asset=asset.id, preset=asset.preset
                ),
            )
        return asset, posts, ""

    def _heading(self) -> str:
        assert self.asset is not None
        return self.tr("Posts of {asset}").format(asset=self.asset.id)

    def _row_text(self, post: Post) -> str:
        mark = "⚠ " if post.error is not None else ""
        return f"{mark}{_rules(post).name} · {post.lang}"

    def _chosen_key(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        key = item.data(KEY) if item is not None else None
        return (str(key[0]), str(key[1])) if isinstance(key, (tuple, list)) and len(key) == 2 else None

    def current(self) -> Post | None:
        """The post selected in the list."""
        row = self.list.currentRow()
        return self.posts[row] if 0 <= row < len(self.posts) else None

    def select(self, platform: str, lang: str) -> None:
        """Select the post on ``platform`` in ``lang`` (ValueError when the asset has none)."""
        keys = [(p.platform, p.lang) for p in self.posts]
        self.list.setCurrentRow(keys.index((platform, lang)))

    def _show_post(self) -> None:
        post = self.current()
        for widget in (self.copy, self.hashtags, self.reset):
            widget.setEnabled(post is not None)
        if post is None:
            for label in (self.length, self.hashtag_count, self.mention_count, self.status, self.source):
                label.clear()
            with QSignalBlocker(self.text):
                self.text.clear()
            for typing in (self.copy_typing, self.hashtags_typing, self.mentions_typing):
                typing.show("")  # nothing of another asset's (or document's) is left to edit
            self.first_comment.hide()
            self.reset.hide()
            self.mentions.setEnabled(False)
            return
        platform = _rules(post)
        self._counter(self.length, self.tr("Characters"), post.length, post.limit)
        self._counter(self.hashtag_count, self.tr("Hashtags"), len(post.hashtags), platform.max_hashtags)
        self._counter(self.mention_count, self.tr("Mentions"), len(post.mentions), platform.max_mentions)
        self._status(post)
        _direct(self.text, post.lang)
        self.text.setPlainText(post.text)
        self.first_comment.setVisible(bool(post.first_comment))
        self.first_comment.setText(self.tr("First comment: {text}").format(text=post.first_comment))
        _direct(self.copy, post.lang)
        self.copy_typing.show(self._copy_of(post))
        project = project_copy(post.template)
        self.source.setText(
            self.tr("From {source}").format(source=post.template)
            if project is not None
            else self.tr(
                "The default copy of {template}: editing it adds a project template for {platform}."
            ).format(template=post.template.removeprefix("default "), platform=platform.name)
        )
        self.reset.setVisible(project is not None)
        self.hashtags_typing.show(tag_list(self.document.campaign.hashtags))
        mentions = self._subject_mentions()
        self.mentions.setEnabled(mentions is not None)
        self.mentions_typing.show(tag_list(mentions or []))
        self.mentions.setPlaceholderText("" if mentions is not None else self.tr("none of its own"))
        self.mentions.setToolTip(
            ""
            if mentions is not None
            else self.tr("An output about the whole campaign mentions no one of its own.")
        )

    def _counter(self, label: QLabel, name: str, count: int, limit: int | None) -> None:
        """``label`` shows ``name count / limit``, red and bold past the limit."""
        past = over(count, limit)
        label.setText(f"{name} {counter_text(count, limit)}")
        label.setProperty("over", past)
        label.setStyleSheet(f"color: {RED}; font-weight: bold" if past else "")
        label.setToolTip(self.tr("Over the platform's limit") if past else "")

    def _status(self, post: Post) -> None:
        if post.error is not None:
            self.status.setText(post.error)
            self.status.setStyleSheet(f"color: {RED}")
        elif post.shortened:
            self.status.setText(self.tr("Shortened to fit: {what}").format(what="; ".join(post.shortened)))
            self.status.setStyleSheet("")
        else:
            self.status.setText(self.tr("Fits {platform}.").format(platform=_rules(post).name))
            self.status.setStyleSheet("")

    def _copy_of(self, post: Post) -> str:
        """The copy ``post`` is made from, placeholders and all: its project template's text,
        or the default its asset template ships with."""
        found = project_copy(post.template)
        if found is not None:
            value = self.document.get(post.template)
            return value if isinstance(value, str) else ""
        assert self.asset is not None
        return default_copy(self.asset.template, post.lang, self.asset.kind).text

    def _subject_mentions(self) -> list[str] | None:
        subject = self.asset.subject if self.asset is not None else None
        return mentions_of(self.document.data(), subject) if subject is not None else None

    # -- edits --------------------------------------------------------------------------------------

    def _apply(self, make: Any) -> None:
        """Make the edit ``make()`` computes; a refused one (the model says why, or the edit
        itself cannot be made) is shown under the fields, and nothing changes."""
        try:
            edit: Edit = make()
        except (ValueError, IndexError) as exc:
            self._problems([Problem("", str(exc))])
            return
        self._problems(self.document.apply(edit))

    def _problems(self, problems: list[Problem]) -> None:
        self.problem.setVisible(bool(problems))
        self.problem.setText("\n".join(str(p) for p in problems))

    def _commit_copy(self) -> None:
        post = self.current()
        if post is None or self.asset is None:
            return
        asset, typed = self.asset, self.copy.toPlainText()
        if typed == self._copy_of(post):
            return
        # This language only: the posts in the others keep following the templates and defaults
        # after it (a template without a language's copy is passed over for that language).
        self._apply(
            lambda: set_post_copy(
                self.document.data(),
                post.template,
                asset.kind,
                asset.template,
                post.platform,
                post.lang,
                typed,
            )
        )

    def _reset_copy(self) -> None:
        post = self.current()
        if post is not None:
            self._apply(lambda: reset_post_copy(self.document.data(), post.template, post.lang))

    def _commit_hashtags(self) -> None:
        tags = parse_tags(self.hashtags.text(), "#")
        if tags != list(self.document.campaign.hashtags):
            self._apply(lambda: set_hashtags(self.document.data(), tags))

    def _commit_mentions(self) -> None:
        subject = self.asset.subject if self.asset is not None else None
        handles = parse_tags(self.mentions.text(), "@")
        if subject is None or handles == self._subject_mentions():
            return
        self._apply(lambda: set_mentions(self.document.data(), subject, handles))

    def flush(self) -> None:
        """Commit what is being typed (before a save or a render)."""
        for typing in (self.copy_typing, self.hashtags_typing, self.mentions_typing):
            typing.flush()

    # -- the schedule -------------------------------------------------------------------------------

    def _schedule_later(self) -> None:
        if self._schedule_stale and self.tabs.currentWidget() is self.week:
            self._schedule_timer.start()

    def refresh_schedule(self) -> None:
        """Build the campaign's kit (posts and slots) and show its week."""
        self._schedule_timer.stop()
        self._schedule_stale = False
        project = self.document.project()
        plan = project.campaign.publishing.plan
        try:
            kit = build(project)
        except (KeyError, ValueError, IndexError) as exc:
            self.week.set_schedule([], [], plan, self._asset_id())
            self.week.unscheduled.setText(self.tr("No schedule: {why}").format(why=exc))
            self.week.unscheduled.show()
            return
        self.week.set_schedule(kit.posts, kit.slots, plan, self._asset_id())

    def _asset_id(self) -> str:
        return self.asset.id if self.asset is not None else ""

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Post"))
        self.tabs.setTabText(1, self.tr("Week"))
        self.copy_label.setText(self.tr("Copy"))
        self.copy.setToolTip(
            self.tr(
                "The post's text with placeholders: {name}, {quote}, {mention}, {hashtags?}… (? may be cut to fit)"
            )
        )
        self.reset.setText(self.tr("Use the default"))
        self.hashtags_label.setText(self.tr("Hashtags"))
        self.hashtags.setToolTip(self.tr("The campaign's hashtags, separated by spaces"))
        self.mentions_label.setText(self.tr("Mentions"))
        self.week.retranslate()
        self.refresh()


def _rules(post: Post) -> PlatformRules:
    return rules(post.platform)


def _wrap(layout: QHBoxLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget
