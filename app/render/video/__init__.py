"""Story videos: media probing, assets, the FFmpeg graph, the process runner, the preview."""
