export { renderInvoiceHtml } from './html.js';
export { renderInvoicePdf, type PdfOptions } from './pdf.js';
export { FontError, cjkFontPackages, standardCjkFonts } from './fonts.js';
