package org.phonerescue.core.firmware;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A Cisco 79xx configuration file: {@code SEP<MAC>.cnf.xml} (root {@code <device>}, one
 * {@code <loadInformation>}) or {@code XMLDefault.cnf.xml} (root {@code <Default>}, one
 * {@code <loadInformationNNN model="Cisco IP Phone 7961">} per model). The load named there is
 * fetched as {@code <load>.loads} (field notes §3: "its loadInformation must name exactly the
 * loads file on the server"). Read with the JDK's XML parser; a DOCTYPE is refused, so no
 * external entity or DTD is ever fetched.
 *
 * @param wellFormed whether the XML parser read it
 * @param root       the root element's name, or null
 * @param loads      every load named, in document order
 * @param error      why it could not be read (with line and column), or null
 */
public record CiscoConfig(boolean wellFormed, String root, List<Load> loads, String error) {

    /**
     * One load a configuration names.
     *
     * @param element the element, e.g. "loadInformation" or "loadInformation115"
     * @param model   its model attribute (XMLDefault), or null
     * @param loadId  the text, e.g. "SCCP41.9-4-2SR3-1S"; empty when the element is empty
     */
    public record Load(String element, String model, String loadId) {

        /** The packing list the phone asks for: the load id and ".loads". */
        public String loadsFile() {
            return loadId + ".loads";
        }
    }

    public CiscoConfig {
        loads = List.copyOf(loads);
    }

    /** Reads a configuration; never fails: an unreadable file gives {@code wellFormed == false}. */
    public static CiscoConfig parse(byte[] xml) {
        Document doc;
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            return new CiscoConfig(false, null, List.of(), "line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return new CiscoConfig(false, null, List.of(), String.valueOf(e.getMessage()));
        }
        Element root = doc.getDocumentElement();
        List<Load> loads = new ArrayList<>();
        collect(root, loads);
        return new CiscoConfig(true, root.getTagName(), loads, null);
    }

    private static void collect(Element e, List<Load> out) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                if (child.getTagName().startsWith("loadInformation")) {
                    String model = child.hasAttribute("model") ? child.getAttribute("model") : null;
                    out.add(new Load(child.getTagName(), model, child.getTextContent().strip()));
                } else {
                    collect(child, out);
                }
            }
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // no DOCTYPE at all: nothing external (entities, DTDs) can be read, no entity expansion attack
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }
}
