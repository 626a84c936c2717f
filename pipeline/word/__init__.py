"""The Word stage: pandoc and LibreOffice, the house styles and table style, the redline engine.

Takes in Markdown, DOCX files and document metadata.
Gives out decorated DOCX files with a filled table of contents, their PDFs, and tracked-change comparisons.
"""
