/** The product name, as shown in the header, on the login page and in the document title. */
export const productName = '安置 · 易地扶贫搬迁后续扶持管理平台';
