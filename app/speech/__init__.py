"""Captions from speech: Whisper transcription (faster-whisper, CTranslate2, on the CPU), cue
making from word timings and pauses, and the alignment of a typed story to a voice-over.

Optional: faster-whisper is imported only when a transcription runs (``pip install
'takatof[speech]'``); nothing else in Takatof needs a model. Sits above ``edit`` (it writes
caption files and gives the project change as an edit) and below ``cli`` and ``ui``.
"""
